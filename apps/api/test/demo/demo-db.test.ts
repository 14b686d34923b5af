// `refugio demo` end to end: it refuses to overwrite a database, then with --force writes the
// network, loads it through the real registry import and ingester, records the Aurora
// recommendation updates and creates the demo accounts. Checked with plain SQL on the file.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { auroraRecommendationCodes, batchTables } from "@refugio/schemas";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../src/auth/passwords";
import { main } from "../../src/cli/main";
import { storedColumns } from "../../src/db/ddl";
import { STAY_DERIVED_COLUMNS } from "../../src/db/facts";
import { createDemo } from "../../src/demo/create";
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
    expect(await value(`SELECT count(*) FROM load_log WHERE loaded_by = 'demo'`)).toBe(37);
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
});
