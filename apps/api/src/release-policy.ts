// Which procedures answer with figures about people, and the check that those figures passed the
// release engine (@refugio/metrics release/). Every procedure of the router is listed here; the
// tRPC layer runs `checkRelease` on every answer, so a procedure that is not listed, or a number
// in a figures answer that did not come out of the engine, is never sent (fail closed). The
// release test (test/api/release.test.ts) calls every procedure and checks this list is complete.
import { unreleasedFigures, type UnreleasedFigure } from "@refugio/metrics";

export type ReleasePolicy =
  /** Indicator figures: every number must sit in a released object, except the listed constants. */
  | { figures: true; constants?: readonly string[] }
  /** No figures about people: why the numbers it returns need no release. */
  | { figures: false; why: string };

const noFigures = (why: string): ReleasePolicy => ({ figures: false, why });

export const releasePolicy: Readonly<Record<string, ReleasePolicy>> = {
  "auth.login": noFigures("the session's own account"),
  "auth.logout": noFigures("no data"),
  "auth.me": noFigures("the session's own account"),
  "auth.changePassword": noFigures("no data"),

  "catalogue.indicators": noFigures("the catalogue: definitions and targets"),
  "catalogue.dimensions": noFigures("the catalogue's dimensions"),
  "catalogue.shelters": noFigures("the shelter registry (places, opening dates), published as is"),
  "catalogue.regions": noFigures("reference data"),
  "catalogue.networks": noFigures("the network registry"),

  "indicators.values": { figures: true },
  "indicators.trend": { figures: true },
  "compare.units": { figures: true, constants: ["indicator.target", "benchmark.levels"] },
  "benchmark.shelter": { figures: true },
  "recommendations.indicators": { figures: true },

  "recommendations.list": noFigures("recommendation statuses, not people"),
  "recommendations.history": noFigures("recommendation updates, not people"),
  "recommendations.update": noFigures("writes an update"),

  "compliance.summary": noFigures("institutional checklists, scoped to the caller's own shelters"),
  "compliance.items": noFigures("institutional checklists, scoped to the caller's own shelters"),
  "compliance.checks": noFigures("institutional checklists, scoped to the caller's own shelters"),

  "ingest.check": noFigures("the caller's own batch and its validation report"),
  "ingest.load": noFigures("the caller's own batch and its load report"),
  "ingest.history": noFigures("the load log of the caller's scope"),

  "admin.users": noFigures("administration (admin only)"),
  "admin.addUser": noFigures("administration (admin only)"),
  "admin.removeUser": noFigures("administration (admin only)"),
  "admin.setRole": noFigures("administration (admin only)"),
  "admin.setPassword": noFigures("administration (admin only)"),
  "admin.shelters": noFigures("administration (admin only)"),
  "admin.importRegistry": noFigures("administration (admin only)"),
  "admin.exportRegistry": noFigures("administration (admin only)"),
  "admin.backup": noFigures("administration (admin only)"),
  "admin.audit": noFigures("administration (admin only)"),
  "admin.auditCsv": noFigures("administration (admin only)"),

  // Microdata exports (researcher, admin). Their numbers describe the caller's own export request,
  // not a published table: how many consenting stays the request selects, how many the
  // anonymisation keeps or suppresses, the generalisation levels, and risk figures that are
  // functions of class sizes that are all ≥ k after suppression. The counts of selected and
  // non-consenting stays are exact, like a row count of the export the researcher receives; what
  // a researcher can learn from them is stated in docs/privacy.md ("Microdata exports").
  "exports.preview": noFigures("the caller's own export request: records kept and suppressed (classes ≥ k), generalisation levels, risk and information loss"),
  "exports.create": noFigures("the caller's own export and its manifest figures (the same as in the zip the caller receives)"),
  "exports.progress": noFigures("progress of the caller's own export"),
  "exports.list": noFigures("the export register: who, when, parameters, manifest hash"),
  "exports.revoke": noFigures("administration (admin only)"),

  // Data quality (researchers refused): the load log's statuses of the caller's own shelters, row
  // and cell counts of their own batches (like ingest.history) and the findings of their loads.
  "quality.report": noFigures("submission statuses, completeness counts and findings of the caller's own shelters (like ingest.history)"),
  "quality.explain": noFigures("writes a note on a finding"),
  "admin.resetPassword": noFigures("administration (admin only): a one-time password, no figures"),
  "admin.deactivateUser": noFigures("administration (admin only)"),
  "admin.reactivateUser": noFigures("administration (admin only)"),
};

export class UnreleasedFigureError extends Error {
  constructor(
    readonly procedure: string,
    readonly figures: UnreleasedFigure[],
  ) {
    super(
      figures.length === 0
        ? `release: procedure ${procedure} has no release policy`
        : `release: ${procedure} answered ${figures.length} figure(s) outside the release engine (first at ${figures[0]?.path})`,
    );
    this.name = "UnreleasedFigureError";
  }
}

/** Throws unless `data`, the answer of `procedure`, may leave the server. */
export function checkRelease(procedure: string, data: unknown): void {
  const policy = releasePolicy[procedure];
  if (!policy) throw new UnreleasedFigureError(procedure, []);
  if (!policy.figures) return;
  const bad = unreleasedFigures(data, policy.constants ?? []);
  if (bad.length > 0) throw new UnreleasedFigureError(procedure, bad);
}
