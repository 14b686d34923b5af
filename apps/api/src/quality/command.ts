// `refugio quality [--db F] [--network X] [--as-of DATE] [--json]`: the data quality report the
// dashboard's Data quality page shows (submission status, timeliness, completeness, findings),
// for everything in the database (the CLI is the operator's: unrestricted scope).
import type { QualityReport } from "@refugio/schemas";
import { unrestricted } from "../auth/scope";
import { databasePath, dbOption, UsageError, type Command } from "../cli/command";
import { openDatabase } from "../db/connection";
import { qualityReport } from "./report";

const statusText: Record<string, string> = {
  on_time: "a tiempo / on time",
  late: "tarde / late",
  partial: "parcial / partial",
  superseded: "reemplazado / superseded",
  missing: "falta / missing",
  pending: "pendiente / pending",
};

const pct = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)} %`);

export function formatQualityReport(r: QualityReport): string {
  const lines: string[] = [`Calidad de datos / Data quality (${r.as_of})`, ""];
  for (const s of r.shelters) {
    const periods = s.periods.map((p) => `${p.period} ${statusText[p.status] ?? p.status}${p.status === "late" || (p.days_late ?? 0) > 0 ? ` +${p.days_late ?? 0}d` : ""}`);
    const followups = s.completeness.tables.find((t) => t.table === "followups");
    lines.push(
      `${s.shelter_code} (${s.network_code}, ${s.reporting_period}, +${s.due_days}d)`,
      `  ${periods.join("; ")}`,
      `  días de retraso (mediana) / median days late: ${s.median_days_late ?? "—"}; ` +
        `egresos con evaluación / exits assessed: ${s.completeness.exits_with_assessment}/${s.completeness.exits}; ` +
        `seguimiento 6 m / 6-month follow-up: ${s.completeness.followup_attempted}/${s.completeness.followup_eligible}; ` +
        `seguimientos, campos clave / follow-ups, key fields: ${pct(followups?.optional_filled ?? null)}`,
    );
  }
  lines.push("", `Hallazgos / Findings: ${r.findings.length}`);
  for (const f of r.findings) {
    lines.push(
      `  [${f.severity}] ${f.shelter_code} ${f.period_start.slice(0, 7)} ${f.rule} ${f.metric}: ${f.observed ?? "—"} (${f.expected ?? "—"})${f.score === null ? "" : ` z=${f.score}`}${f.explanation ? " — explicado / explained" : ""}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export const quality: Command = {
  name: "quality",
  summary: "Data quality: submissions, completeness, findings / Calidad de datos: envíos, completitud, hallazgos.",
  usage: "refugio quality [--db PATH] [--network CODE] [--as-of YYYY-MM-DD] [--json]",
  options: { ...dbOption, network: { type: "string" }, "as-of": { type: "string" }, json: { type: "boolean" } },
  async run({ values }) {
    const asOf = values["as-of"] as string | undefined;
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of: se espera AAAA-MM-DD / expected YYYY-MM-DD, got "${asOf}"`);
    const db = await openDatabase(databasePath(values), { readOnly: true });
    try {
      const network = values.network as string | undefined;
      if (network !== undefined) {
        const known = await db.connection.runAndReadAll(`SELECT 1 FROM networks WHERE network_code = $n`, { n: network });
        if (known.getRows().length === 0) throw new UsageError(`--network: red desconocida / unknown network "${network}"`);
      }
      const report = await qualityReport(db.connection, unrestricted, { asOf, network });
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatQualityReport(report));
      return 0;
    } finally {
      db.close();
    }
  },
};
