// Role × procedure matrix: EVERY procedure of the router is called over HTTP by every role and by
// an anonymous client, and must be allowed or denied as the table below says. A procedure added
// to the router without an entry here fails the first test. Results of allowed calls must stay in
// the caller's scope (every shelter_code / network_code / group.shelter in the answer).
import type { Role } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../../src/auth/users";
import { appRouter } from "../../src/router";
import { indicatorInfos } from "../../src/routers/backends";
import { batchFiles } from "./batch";
import { ApiClient, signedIn } from "./client";
import { ACCOUNTS, PASSWORD, passwordHash, SCOPE_SHELTERS, SHELTERS, startServer, type TestServer } from "./fixture";

type Who = Role | "anonymous";
const ROLES: Role[] = ["admin", "ministry", "network_director", "researcher", "shelter_staff"];
const EVERYONE: Who[] = [...ROLES, "anonymous"];

interface Entry {
  allowed: readonly Who[];
  input?: (who: Who) => unknown;
  /** An allowed call that is expected to fail with this code (e.g. a wrong password). */
  allowedCode?: string;
  /** Use a fresh session for this call (e.g. logout, which ends it). */
  fresh?: boolean;
}

const INTERNAL: Role[] = ["admin", "ministry", "network_director"];
/** A shelter inside each role's scope (the denied roles get one too: they must not get that far). */
const ownShelter = (who: Who) => (who === "shelter_staff" || who === "anonymous" || who === "researcher" ? "hrt-01" : who === "admin" ? "mx-ref-01" : "hrt-02");

let indicator = "";

const MATRIX: Record<string, Entry> = {
  "auth.login": { allowed: EVERYONE, allowedCode: "UNAUTHORIZED", input: (who) => ({ username: `nobody-${who}`, password: "wrong-password" }) },
  "auth.logout": { allowed: ROLES, fresh: true },
  "auth.me": { allowed: EVERYONE },
  "auth.changePassword": { allowed: ROLES, allowedCode: "BAD_REQUEST", input: () => ({ current: "not-my-password", next: "a-brand-new-password" }) },

  "catalogue.indicators": { allowed: ROLES },
  "catalogue.dimensions": { allowed: ROLES },
  "catalogue.shelters": { allowed: ROLES },
  "catalogue.regions": { allowed: ROLES },
  "catalogue.networks": { allowed: ROLES },

  "indicators.values": { allowed: ROLES, input: () => ({ indicators: [indicator], by: ["shelter"] }) },
  "indicators.trend": { allowed: ROLES, input: () => ({ indicators: [indicator], grain: "year", by: ["shelter"] }) },

  "compare.units": { allowed: [...INTERNAL, "researcher"], input: () => ({ indicator, units: "shelter" }) },
  "benchmark.shelter": {
    allowed: [...INTERNAL, "shelter_staff"],
    input: (who) => ({ shelter: ownShelter(who), indicators: [indicator], from: "2024-01-01", to: "2024-06-30" }),
  },

  "recommendations.list": { allowed: ROLES },
  "recommendations.history": { allowed: ROLES, input: () => ({ code: "aurora-r2" }) },
  "recommendations.indicators": { allowed: ROLES, input: () => ({ code: "aurora-r2" }) },
  "recommendations.update": {
    allowed: INTERNAL,
    input: () => ({ code: "aurora-r2", scope: "region", scopeCode: "PE-CUS", status: "in_progress", evidence: "Reunión con el GORE" }),
  },

  "compliance.summary": { allowed: [...INTERNAL, "shelter_staff"] },
  "compliance.items": { allowed: [...INTERNAL, "shelter_staff"], input: (who) => ({ shelter: ownShelter(who) }) },
  "compliance.checks": { allowed: [...INTERNAL, "shelter_staff"], input: (who) => ({ shelter: ownShelter(who) }) },

  "ingest.check": { allowed: ["admin", "network_director", "shelter_staff"], input: (who) => ({ files: batchFiles(ownShelter(who)) }) },
  "ingest.load": { allowed: ["admin", "network_director", "shelter_staff"], input: (who) => ({ files: batchFiles(ownShelter(who)) }) },
  "ingest.history": { allowed: INTERNAL.concat("shelter_staff") },

  "admin.users": { allowed: ["admin"] },
  "admin.addUser": { allowed: ["admin"], input: (who) => ({ username: `new-${who}`, password: "a-long-enough-password", role: "researcher" }) },
  "admin.removeUser": { allowed: ["admin"], input: () => ({ username: "victim-remove" }) },
  "admin.setRole": { allowed: ["admin"], input: () => ({ username: "victim-role", role: "ministry" }) },
  "admin.setPassword": { allowed: ["admin"], input: () => ({ username: "victim-pass", password: "another-long-password" }) },
  "admin.shelters": { allowed: ["admin"] },
  // A registry missing its required columns: rejected with its problems (an answer, not an error), nothing written.
  "admin.importRegistry": { allowed: ["admin"], input: () => ({ file: { name: "shelters.csv", contentBase64: Buffer.from("shelter_code\nx-1\n").toString("base64") } }) },
  "admin.exportRegistry": { allowed: ["admin"] },
  "admin.backup": { allowed: ["admin"] },
  "admin.audit": { allowed: ["admin"] },
  "admin.auditCsv": { allowed: ["admin"], input: () => ({ action: "auth" }) },
  "admin.resetPassword": { allowed: ["admin"], input: () => ({ username: "victim-reset" }) },
  "admin.deactivateUser": { allowed: ["admin"], input: () => ({ username: "victim-deactivate" }) },
  "admin.reactivateUser": { allowed: ["admin"], input: () => ({ username: "victim-deactivate" }) },

  // Research microdata: researcher and admin only (the fixture's stays are given research consent below).
  "exports.preview": { allowed: ["researcher", "admin"], input: () => ({ k: 3, maxSuppression: 0.2 }) },
  "exports.create": { allowed: ["researcher", "admin"], input: () => ({ k: 3, maxSuppression: 0.2, tables: ["stays"] }) },
  "exports.progress": { allowed: ["researcher", "admin"], input: () => ({ ticket: "00000000-0000-4000-8000-000000000000" }) },
  "exports.list": { allowed: ["researcher", "admin"] },
  "exports.revoke": { allowed: ["admin"], allowedCode: "NOT_FOUND", input: () => ({ id: "00000000-0000-4000-8000-000000000001" }) },

  // Data quality: researchers refused; a finding outside the caller's scope (or none) is not found.
  "quality.report": { allowed: [...INTERNAL, "shelter_staff"] },
  "quality.explain": { allowed: ["network_director", "shelter_staff"], allowedCode: "NOT_FOUND", input: () => ({ finding_id: "over_capacity:nowhere:2024-01-01:x", note: "nota de prueba" }) },
};

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] } }>;

/** Every shelter code and network code anywhere in a result. */
function codesIn(value: unknown, out = { shelters: new Set<string>(), networks: new Set<string>() }) {
  if (Array.isArray(value)) for (const v of value) codesIn(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "string" && (k === "shelter_code" || k === "shelter")) out.shelters.add(v);
      else if (typeof v === "string" && k === "network_code") out.networks.add(v);
      else codesIn(v, out);
    }
  }
  return out;
}

const scopeNetworks = (role: Role): string[] => [...new Set<string>(SHELTERS.filter((s) => SCOPE_SHELTERS[role].includes(s.shelter_code)).map((s) => s.network_code))];

let srv: TestServer;
const clients = new Map<Who, ApiClient>();

beforeAll(async () => {
  srv = await startServer();
  await srv.db.connection.run(`UPDATE stays SET consent_research = true`);
  const hash = await passwordHash();
  for (const u of ["victim-remove", "victim-role", "victim-pass", "victim-reset", "victim-deactivate"]) {
    await addUser(srv.db.connection, { username: u, password: "", role: "researcher" }, { passwordHash: hash });
  }
  for (const role of ROLES) clients.set(role, await signedIn(srv.url, ACCOUNTS[role].username, PASSWORD));
  clients.set("anonymous", new ApiClient(srv.url));
  const info = indicatorInfos().find((i) => i.unit === "proportion" && i.dimensions.includes("shelter"));
  indicator = info?.code ?? "";
});

afterAll(async () => {
  await srv?.close();
});

describe("role × procedure matrix", () => {
  it("has an entry for every procedure of the router, and no stale entries", () => {
    const paths = Object.keys(procedures).sort();
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((p) => !MATRIX[p])).toEqual([]);
    expect(Object.keys(MATRIX).filter((p) => !procedures[p])).toEqual([]);
  });

  it("the catalogue has a proportion indicator that can be broken down by shelter", () => {
    expect(indicator).not.toBe("");
  });

  for (const who of EVERYONE) {
    it(`${who}: allowed where the matrix says, denied elsewhere, results in scope`, async () => {
      const outcomes: string[] = [];
      for (const path of Object.keys(procedures).sort()) {
        const entry = MATRIX[path];
        if (!entry) continue;
        const type = procedures[path]?._def.type;
        let client = clients.get(who) as ApiClient;
        if (entry.fresh && who !== "anonymous") client = await signedIn(srv.url, ACCOUNTS[who].username, PASSWORD);
        const input = entry.input?.(who);
        const r = type === "mutation" ? await client.mutate(path, input) : await client.query(path, input);
        const code = r.error?.data.code ?? "OK";
        const allowed = entry.allowed.includes(who);
        const expected = allowed ? (entry.allowedCode ?? "OK") : who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN";
        outcomes.push(`${path}: ${code === expected ? "as expected" : `got ${code} (${r.error?.message ?? ""}), expected ${expected}`}`);
        if (allowed && code === "OK" && who !== "anonymous") {
          const found = codesIn(r.data);
          const outside = [...found.shelters].filter((s) => !SCOPE_SHELTERS[who].includes(s));
          const outsideNets = [...found.networks].filter((n) => !scopeNetworks(who).includes(n));
          if (path.startsWith("admin.")) continue; // accounts and registry: admin sees everything
          if (outside.length || outsideNets.length) outcomes.push(`${path}: OUT OF SCOPE ${[...outside, ...outsideNets].join(",")}`);
        }
      }
      expect(outcomes.filter((o) => !o.endsWith("as expected"))).toEqual([]);
    });
  }
});

describe("compare.units with adjust: true (case-mix adjustment)", () => {
  interface Unit {
    unit: string;
    result: { suppressed: boolean; suppression_reason: string | null; perturbed?: boolean };
    adjusted: { result: { suppressed: boolean; suppression_reason: string | null; observed: number | null; expected: number | null; ratio: number | null; adjusted: number | null; perturbed?: boolean } };
  }
  const adjusted = { indicator: "completed_stays", units: "shelter", adjust: true };
  for (const who of EVERYONE) {
    it(`${who}: allowed and denied as compare.units, results in scope`, async () => {
      const r = await (clients.get(who) as ApiClient).query<{ units: Unit[] }>("compare.units", adjusted);
      const allowed = (MATRIX["compare.units"]?.allowed ?? []).includes(who);
      expect(r.error?.data.code ?? "OK").toBe(allowed ? "OK" : who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
      if (!allowed || who === "anonymous") return;
      const outside = [...codesIn(r.data).shelters].filter((s) => !SCOPE_SHELTERS[who].includes(s));
      expect(outside).toEqual([]);
      expect(r.data?.units.map((u) => u.unit).sort()).toEqual(SCOPE_SHELTERS[who].slice().sort());
    });
  }

  it("suppression: adjusted figures are hidden exactly where the crude ones are, for internal and external readers", async () => {
    // One quarter: the fixture's shelters have only a few exits each, so some fall below k.
    const quarter = { ...adjusted, from: "2024-01-01", to: "2024-03-31" };
    let hidden = 0;
    for (const who of ["admin", "researcher"] as const) {
      const r = await (clients.get(who) as ApiClient).query<{ units: Unit[] }>("compare.units", quarter);
      expect(r.error).toBeUndefined();
      for (const u of r.data?.units ?? []) {
        expect(u.adjusted.result.suppressed, `${who} ${u.unit}`).toBe(u.result.suppressed);
        expect(u.adjusted.result.suppression_reason).toBe(u.result.suppression_reason);
        if (u.result.suppressed) {
          hidden++;
          expect(u.adjusted.result).toMatchObject({ observed: null, expected: null, ratio: null, adjusted: null });
        } else {
          expect(u.adjusted.result.expected).not.toBeNull();
        }
        // External readers: adjusted figures come from perturbed blocks, and say so.
        if (who === "researcher" && !u.result.suppressed) expect(u.adjusted.result.perturbed).toBe(true);
      }
    }
    expect(hidden).toBeGreaterThan(0);
  });

  it("refuses adjustment of an indicator without case-mix variables, and a researcher's arbitrary window", async () => {
    const admin = clients.get("admin") as ApiClient;
    const r = await admin.query("compare.units", { indicator: "women_served", units: "shelter", adjust: true });
    expect(r.error?.data.code).toBe("BAD_REQUEST");
    expect(r.error?.message).toMatch(/no admite ajuste por perfil de ingreso.*cannot be adjusted for case mix/);
    const researcher = clients.get("researcher") as ApiClient;
    const w = await researcher.query("compare.units", { ...adjusted, from: "2024-01-02", to: "2024-03-31" });
    expect(w.error?.data.code).toBe("BAD_REQUEST");
    expect(w.error?.message).toMatch(/Period not allowed/);
  });
});

describe("compare.units: small units judged on the pooled window of the last four quarters", () => {
  interface Unit {
    unit: string;
    comparison: string;
    result: { suppressed: boolean; suppression_reason: string | null };
    basis: { basis: "period" } | { basis: "pooled"; window: { from: string; to: string; quarters: number } } | { basis: "not_compared"; reason: { es: string; en: string } };
    pooled?: { result: { suppressed: boolean; value: number | null; ci_low: number | null; ci_high: number | null }; benchmark: { value: number | null } };
  }
  for (const who of ["admin", "researcher"] as const) {
    it(`${who}: a unit below k in a quarter is judged on 2023-04-01…2024-03-31 when that reaches k, else not compared with the reason`, async () => {
      const r = await (clients.get(who) as ApiClient).query<{ units: Unit[] }>("compare.units", { indicator: "completed_stays", units: "shelter", from: "2024-01-01", to: "2024-03-31" });
      expect(r.error).toBeUndefined();
      const units = r.data?.units ?? [];
      const small = units.filter((u) => u.result.suppression_reason === "primary");
      expect(small.length).toBeGreaterThan(0);
      let pooled = 0;
      for (const u of units) {
        if (!u.result.suppressed) expect(u.basis).toEqual({ basis: "period" });
        else if (u.basis.basis === "pooled") {
          pooled++;
          expect(u.basis.window).toEqual({ from: "2023-04-01", to: "2024-03-31", quarters: 4 });
          expect(u.pooled?.result.suppressed).toBe(false);
          expect(u.comparison).not.toBe("not_compared");
        } else {
          expect(u.basis.basis).toBe("not_compared");
          if (u.basis.basis === "not_compared") expect(u.basis.reason.en).toMatch(/fewer than|complementary/);
          expect(u.pooled).toBeUndefined();
        }
      }
      expect(pooled).toBeGreaterThan(0);
      // A whole year is not pooled further.
      const year = await (clients.get(who) as ApiClient).query<{ units: Unit[] }>("compare.units", { indicator: "completed_stays", units: "shelter", from: "2024-01-01", to: "2024-12-31" });
      expect(year.data?.units.every((u) => u.basis.basis !== "pooled")).toBe(true);
    });
  }
});

describe("strict inputs", () => {
  it("every procedure that takes an input refuses an unknown field (docs/api.md: object inputs are strict)", async () => {
    const admin = clients.get("admin") as ApiClient;
    const outcomes: string[] = [];
    for (const path of Object.keys(procedures).sort()) {
      const def = procedures[path]?._def;
      if (!def || def.inputs.length === 0) continue;
      // Admin, or the first role allowed where admin is not (quality.explain).
      const allowed = MATRIX[path]?.allowed ?? [];
      const who = allowed.includes("admin") ? "admin" : (allowed.find((w): w is Role => w !== "anonymous") ?? "admin");
      const client = who === "admin" ? admin : (clients.get(who) as ApiClient);
      const base = (MATRIX[path]?.input?.(who) ?? {}) as Record<string, unknown>;
      const input = { ...base, bogus: 1 };
      const r = def.type === "mutation" ? await client.mutate(path, input) : await client.query(path, input);
      const ok = r.status === 400 && /campos no reconocidos: bogus \/ unrecognised fields: bogus/.test(r.error?.message ?? "");
      outcomes.push(`${path}: ${ok ? "refused" : `got ${r.status} ${r.error?.message ?? "data"}`}`);
    }
    expect(outcomes.length).toBeGreaterThan(20);
    expect(outcomes.filter((o) => !o.endsWith(": refused"))).toEqual([]);
  });
});

describe("scoped results", () => {
  it("a network director sees all and only their network's shelters", async () => {
    const r = await (clients.get("network_director") as ApiClient).query<{ shelter_code: string }[]>("catalogue.shelters");
    expect(r.data?.map((s) => s.shelter_code).sort()).toEqual(SCOPE_SHELTERS.network_director.slice().sort());
  });

  it("shelter staff see only their own shelter in indicator values broken down by shelter", async () => {
    const r = await (clients.get("shelter_staff") as ApiClient).query<{ group: Record<string, string> }[]>("indicators.values", {
      indicators: [indicator],
      by: ["shelter"],
    });
    expect(r.status).toBe(200);
    expect(r.data?.length).toBeGreaterThan(0);
    const byShelter = r.data?.filter((x) => "shelter" in x.group) ?? [];
    expect(byShelter.length).toBeGreaterThan(0);
    expect(new Set(byShelter.map((x) => x.group.shelter))).toEqual(new Set(["hrt-01"]));
  });

  it("compliance summary of a director covers each network shelter once, with shares in [0, 1]", async () => {
    const r = await (clients.get("network_director") as ApiClient).query<
      { shelter_code: string; assessed_on: string; valid_until: string; overall: { share: number; met: number; applicable: number } }[]
    >("compliance.summary");
    expect(r.data?.map((x) => x.shelter_code).sort()).toEqual(SCOPE_SHELTERS.network_director.slice().sort());
    for (const row of r.data ?? []) {
      expect(row.assessed_on).toBe("2024-06-15");
      expect(row.valid_until).toBe("2026-06-15");
      expect(row.overall.share).toBeCloseTo(row.overall.met / row.overall.applicable, 12);
      expect(row.overall.applicable).toBeLessThanOrEqual(91);
    }
  });
});
