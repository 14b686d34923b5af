// `refugio demo` end to end: it refuses to overwrite a database, then with --force writes the
// network, loads it through the real registry import and ingester, records the Aurora
// recommendation updates and creates the demo accounts. Checked with plain SQL on the file.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { auroraRecommendationCodes, batchTables, type QualityReport } from "@refugio/schemas";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/auth/passwords";
import { main } from "../../src/cli/main";
import { storedColumns } from "../../src/db/ddl";
import { STAY_DERIVED_COLUMNS } from "../../src/db/facts";
import { createDemo } from "../../src/demo/create";
import type { NetworkCode } from "../../src/demo/networks";
import { DEMO_DUE_DAYS, DEMO_QUALITY, historyQuarters, implausibleMonth } from "../../src/demo/submissions";
import { THRESHOLDS } from "../../src/quality/rules";
import { capture } from "./capture";

const dir = mkdtempSync(join(tmpdir(), "refugio-demo-db-"));
const dbPath = join(dir, "demo.duckdb");
let instance: DuckDBInstance;
let conn: DuckDBConnection;
let refusedCode: number;
let refusedErr = "";
let forcedCode: number;
let forcedOut = "";
let seconds = 0;
let quality: QualityReport;
let mexico: QualityReport;
let bogotaText = "";

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJson().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v])));
}
async function value(sql: string): Promise<unknown> {
  return Object.values((await rows(sql))[0] ?? {})[0];
}


beforeAll(async () => {
  writeFileSync(dbPath, "an existing file that must survive without --force");
  const refused = await capture(() => main(["demo", "--db", dbPath]));
  refusedCode = refused.code;
  refusedErr = refused.err;

  const t0 = Date.now();
  const forced = await capture(() => main(["demo", "--db", dbPath, "--force"]));
  seconds = (Date.now() - t0) / 1000;
  forcedCode = forced.code;
  forcedOut = forced.out;
  if (forced.code !== 0) throw new Error(`refugio demo failed: ${forced.err}`);
  console.log(`refugio demo (seed 1, scale 1) took ${seconds.toFixed(1)} s`);

  // `refugio quality --json` on the demo, before this test opens the file itself.
  const q = await capture(() => main(["quality", "--db", dbPath, "--json"]));
  if (q.code !== 0) throw new Error(`refugio quality failed: ${q.err}`);
  quality = JSON.parse(q.out) as QualityReport;
  const mx = await capture(() => main(["quality", "--db", dbPath, "--network", "mx-refugios", "--json"]));
  if (mx.code !== 0) throw new Error(`refugio quality --network failed: ${mx.err}`);
  mexico = JSON.parse(mx.out) as QualityReport;
  const bog = await capture(() => main(["quality", "--db", dbPath, "--network", "co-bogota"]));
  if (bog.code !== 0) throw new Error(`refugio quality --network failed: ${bog.err}`);
  bogotaText = bog.out;

  // The demo only ever loads into an empty database.
  await expect(createDemo(dbPath, { scale: 0.02 })).rejects.toThrow(/not empty/);

  instance = await DuckDBInstance.create(dbPath, { access_mode: "READ_ONLY" });
  conn = await instance.connect();
}, 900_000);

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

describe("refugio demo", () => {
  it("refuses to overwrite a non-empty database without --force", () => {
    expect(refusedCode).toBe(2);
    expect(refusedErr).toMatch(/--force/);
    // (The file was then replaced by the --force run.)
    expect(forcedCode).toBe(0);
    expect(readFileSync(dbPath).subarray(0, 64).toString("latin1")).not.toContain("an existing file");
  });

  it("prints progress and a summary with the demo sign-ins", () => {
    expect(forcedOut).toMatch(/loading batches|checking batches/);
    expect(forcedOut).toMatch(/pe-aurora\s+22\s+4992\s+\d+\s+\d+\s+5481\s+631/);
    expect(forcedOut).toContain("director-aurora");
    expect(forcedOut).toContain("demo-password");
    expect(forcedOut).not.toContain("ingester warnings");
  });

  it("loads every shelter's batch through the ingester", async () => {
    // Each shelter's full export, after its four quarterly batches of the submission history (one
    // shelter never sent the last quarter: 37 × 4 − 1).
    expect(await value(`SELECT count(*) FROM load_log WHERE loaded_by = 'demo'`)).toBe(37 + 147);
    expect(await value(`SELECT count(*) FROM shelters`)).toBe(37);
    expect(await rows(`SELECT network_code, network_name IS NOT NULL AS named FROM networks ORDER BY 1`)).toEqual([
      { network_code: "co-bogota", named: true },
      { network_code: "mx-refugios", named: true },
      { network_code: "pe-aurora", named: true },
    ]);
    // Stored tables hold the contract's columns plus the batch that wrote each row, nothing more
    // (stays also the facts derived at load).
    for (const t of batchTables) {
      const cols = (await rows(`SELECT column_name FROM information_schema.columns WHERE table_name = '${t.name}' ORDER BY ordinal_position`)).map((r) => r.column_name);
      const derived = t.name === "stays" ? STAY_DERIVED_COLUMNS.map(([name]) => name) : [];
      expect(new Set(cols)).toEqual(new Set([...storedColumns(t).map((c) => c.name), "batch_id", ...derived]));
    }
  });

  it("holds exactly the Aurora figures: 4,992 women, 5,481 children, 631 companions", async () => {
    const hrt = `SELECT shelter_code FROM shelters WHERE network_code = 'pe-aurora'`;
    expect(await value(`SELECT count(DISTINCT person_key) FROM stays WHERE shelter_code IN (${hrt})`)).toBe(4992);
    expect(await rows(`SELECT count(*) AS n, count(DISTINCT child_key) AS keys FROM children WHERE shelter_code IN (${hrt})`)).toEqual([{ n: 5481, keys: 5481 }]);
    expect(await value(`SELECT sum(companions_in_stay) FROM stays WHERE shelter_code IN (${hrt})`)).toBe(631);
    expect(
      await value(
        `SELECT count(*) FROM stays s LEFT JOIN (SELECT shelter_code, stay_id, count(*) AS n FROM children GROUP BY ALL) c USING (shelter_code, stay_id)
         WHERE COALESCE(c.n, 0) <> s.children_in_stay`,
      ),
    ).toBe(0);
  });

  it("holds the 2022 coordinator survey as reported", async () => {
    const r = await rows(
      `SELECT question_code, count(*) FILTER (WHERE answer = 'yes') AS yes, count(*) AS answered
       FROM coordinator_surveys WHERE year = 2022 GROUP BY 1 ORDER BY 1`,
    );
    expect(Object.fromEntries(r.map((x) => [x.question_code, `${x.yes}/${x.answered}`]))).toEqual({
      anxiety_depression_signs: "19/22",
      complaints_demanding: "17/22",
      emotional_dependence: "22/22",
      emotional_stability: "21/22",
      lack_of_economic_resources: "21/22",
      mother_child_bond: "19/22",
      resistance_irritability: "20/22",
      self_esteem_improved: "18/20",
    });
  });

  it("creates the demo accounts, all signing in with demo-password", async () => {
    const users = await rows(`SELECT username, role, network_code, shelter_code, password_hash FROM users ORDER BY username`);
    expect(users).toHaveLength(5 + 37);
    const by = Object.fromEntries(users.map((u) => [u.username, u]));
    expect(by.admin).toMatchObject({ role: "admin" });
    expect(by.ministry).toMatchObject({ role: "ministry" });
    expect(by.researcher).toMatchObject({ role: "researcher" });
    expect(by["director-aurora"]).toMatchObject({ role: "network_director", network_code: "pe-aurora" });
    expect(by["director-bogota"]).toMatchObject({ role: "network_director", network_code: "co-bogota" });
    expect(by["shelter-hrt-22"]).toMatchObject({ role: "shelter_staff", shelter_code: "hrt-22" });
    expect(by["shelter-cr-bog-1"]).toMatchObject({ role: "shelter_staff", shelter_code: "cr-bog-1" });
    expect(users.filter((u) => u.role === "shelter_staff")).toHaveLength(37);
    // One hash shared by the public demo accounts; it verifies the demo password only.
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(1);
    const hash = String(by.admin?.password_hash);
    expect(await verifyPassword("demo-password", hash)).toBe(true);
    expect(await verifyPassword("demo-passwordx", hash)).toBe(false);
  });

  it("records dated Aurora recommendation updates with evidence and linked indicators", async () => {
    const r = await rows(`SELECT recommendation_code, scope, scope_code, status, CAST(updated_on AS VARCHAR) AS updated_on, evidence, linked_indicators, updated_by FROM recommendation_updates`);
    expect(r.length).toBeGreaterThan(10);
    const codes = new Set(r.map((x) => String(x.recommendation_code)));
    expect([...codes].sort()).toEqual([...auroraRecommendationCodes].sort());
    for (const x of r) {
      expect(x.updated_by).toBe("director-aurora");
      expect(String(x.evidence).length).toBeGreaterThan(10);
      expect(["not_started", "in_progress", "done", "blocked"]).toContain(x.status);
      if (x.scope === "region") expect(String(x.scope_code)).toMatch(/^PE-[A-Z]{3}$/);
    }
    expect(r.find((x) => x.recommendation_code === "aurora-r2")?.linked_indicators).toBe("workshop_certified_rate");
    expect(r.some((x) => x.recommendation_code === "aurora-r2" && x.status === "done")).toBe(true);
  });

  describe("refugio quality --json on the demo", () => {
    // The last quarter of the history of a shelter's network (the quarters depend on the date).
    const lastLabel = (network: NetworkCode) => historyQuarters(quality.as_of, DEMO_DUE_DAYS[network]).at(-1)?.label ?? "";
    const last = (code: string, network: NetworkCode) => quality.shelters.find((s) => s.shelter_code === code)?.periods.find((p) => p.period === lastLabel(network));
    it("most shelters sent every quarter on time; exactly two were late and one missed the last quarter", () => {
      expect(quality.shelters).toHaveLength(37);
      // Pending: the quarter the full exports are in, or one not yet due.
      const notOnTime = quality.shelters.flatMap((s) => s.periods.filter((p) => p.status !== "on_time" && p.status !== "pending").map((p) => `${s.shelter_code} ${p.period} ${p.status}`));
      expect(notOnTime.sort()).toEqual(
        [`cr-bog-2 ${lastLabel("co-bogota")} late`, `hrt-04 ${lastLabel("pe-aurora")} late`, `${DEMO_QUALITY.missingLast} ${lastLabel("pe-aurora")} missing`].sort(),
      );
      expect(last("hrt-04", "pe-aurora")?.days_late).toBe(DEMO_QUALITY.late["hrt-04"]);
      expect(last("cr-bog-2", "co-bogota")?.days_late).toBeGreaterThan(0);
      expect(last(DEMO_QUALITY.missingLast, "pe-aurora")?.batch_ids).toEqual([]);
      expect(last("hrt-01", "pe-aurora")?.batch_ids).toHaveLength(1);
      expect(quality.shelters.filter((s) => s.periods.some((p) => p.status === "on_time")).length).toBe(37);
    });

    it("each share stands on counts of the fields behind it: mx-ref-02's follow-ups have mode and life_plan_progress filled in no row", () => {
      for (const s of quality.shelters) {
        for (const table of s.completeness.tables) {
          const req = table.fields.filter((f) => f.required);
          const opt = table.fields.filter((f) => !f.required);
          for (const f of table.fields) expect(f.filled).toBeLessThanOrEqual(table.rows);
          const share = (fs: typeof req) => Math.round((fs.reduce((a, f) => a + f.filled, 0) / (table.rows * fs.length)) * 1000) / 1000;
          if (req.length > 0 && table.rows > 0) expect(table.required_filled).toBe(share(req));
          if (opt.length > 0 && table.rows > 0) expect(table.optional_filled).toBe(share(opt));
        }
      }
      const followups = quality.shelters.find((s) => s.shelter_code === DEMO_QUALITY.halfEmptyFollowups)?.completeness.tables.find((t) => t.table === "followups");
      expect(followups?.rows).toBeGreaterThan(0);
      const filled = Object.fromEntries((followups?.fields ?? []).filter((f) => !f.required).map((f) => [f.column, f.filled]));
      expect(filled.mode).toBe(0);
      expect(filled.life_plan_progress).toBe(0);
      expect(filled.safe_environment).toBeGreaterThan(0);
    });

    it("exactly one shelter has a half-empty follow-up table", () => {
      const fill = quality.shelters.map((s) => [s.shelter_code, s.completeness.tables.find((t) => t.table === "followups")?.optional_filled ?? 1] as const);
      expect(fill.filter(([, f]) => f < 0.4).map(([c]) => c)).toEqual([DEMO_QUALITY.halfEmptyFollowups]);
      expect(fill.find(([c]) => c === DEMO_QUALITY.halfEmptyFollowups)?.[1]).toBeGreaterThan(0);
    });

    it("one finding: the implausible month of admissions, and nothing else (no month over capacity, no stay past its limit without an extension)", () => {
      expect(quality.findings.map((f) => `${f.rule} ${f.metric} ${f.shelter_code} ${f.period_start}`)).toEqual([
        `outlier_own_history admissions ${DEMO_QUALITY.implausibleMonth} ${implausibleMonth(quality.as_of).start}`,
      ]);
      // The demo's data follow its "today", so the planted month's robust z varies by date (at least 7 on
      // 2026-12-07, 5.85 on 2026-12-08): an outlier either way, its severity set by the threshold.
      const [f] = quality.findings;
      expect(Math.abs(f?.score ?? 0)).toBeGreaterThanOrEqual(THRESHOLDS.z);
      expect(f?.severity).toBe(Math.abs(f?.score ?? 0) >= THRESHOLDS.zHigh ? "high" : "medium");
    });

    it("--network keeps to one network: Mexico's shelters and its finding; Bogotá's late quarter in the text report", () => {
      expect(mexico.shelters.length).toBeGreaterThan(0);
      expect(mexico.shelters.every((s) => s.shelter_code.startsWith("mx-ref-"))).toBe(true);
      expect(mexico.findings.map((f) => f.shelter_code)).toEqual([DEMO_QUALITY.implausibleMonth]);
      expect(bogotaText).toContain("cr-bog-2");
      expect(bogotaText).not.toMatch(/hrt-|mx-ref-/);
    });
  });
});
