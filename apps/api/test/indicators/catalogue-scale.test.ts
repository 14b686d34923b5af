// What the catalogue's SQL does for scale, checked on the demo database:
// - the overlap indicators count distinct women over an integer surrogate of person_key (numbered
//   at load, stays.person_id), not over the VARCHAR keys: every compiled row of every indicator
//   reading stay_facts (figures and cell keys, per group and total) is identical whether the
//   relation reads the surrogate or the text keys, and a later load keeps the numbers;
// - indicators of one fact relation and attribution compiled into one statement
//   (compileIndicatorBatch) give each indicator exactly the rows of its own statement.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { batchRows, catalogue, compileIndicator, compileIndicatorBatch, STAY_FACTS, type IndicatorDefinition } from "@refugio/metrics";
import type { Dimension } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection";
import { recordKeySecret, refreshStayFacts } from "../../src/db/facts";
import { all } from "../../src/db/query";
import { createDemo } from "../../src/demo/create";

const dir = mkdtempSync(join(tmpdir(), "refugio-person-id-"));
const dbPath = join(dir, "demo.duckdb");
let db: Database;

beforeAll(async () => {
  await createDemo(dbPath, { seed: 1, scale: 0.2 });
  db = await openDatabase(dbPath);
}, 1_200_000);
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).sort();

describe("person surrogate", () => {
  it("is an integer column of the stay relations", async () => {
    const cols = await all<{ column_name: string; column_type: string }>(db.connection, `DESCRIBE SELECT person_key FROM ${STAY_FACTS}`);
    expect(cols[0]?.column_type).toBe("INTEGER");
    // Every stay with a key has a number, one number per key.
    const [check] = await all<{ missing: number; keys: number; ids: number }>(
      db.connection,
      `SELECT count(*) FILTER (WHERE person_key IS NOT NULL AND person_id IS NULL) AS missing, count(DISTINCT person_key) AS keys, count(DISTINCT person_id) AS ids FROM stays`,
    );
    expect(Number(check?.missing)).toBe(0);
    expect(Number(check?.ids)).toBe(Number(check?.keys));
  });

  it("gives the same figures and cell keys as the text keys, for every stay indicator and grouping", async () => {
    const keySecret = await recordKeySecret(db.connection, { create: false });
    const [bounds] = await all<{ lo: string; hi: string }>(db.connection, `SELECT CAST(min(admission_date) AS VARCHAR) AS lo, CAST(max(coalesce(exit_date, admission_date)) AS VARCHAR) AS hi FROM stays`);
    const groupings: Dimension[][] = [[], ["month"], ["year", "shelter"], ["network", "age_band"], ["quarter", "referral_source"]];
    let compared = 0;
    for (const def of catalogue.filter((d) => d.fact === "stays" || d.fact === "shelter_days")) {
      for (const by of groupings) {
        if (by.some((d) => !def.dimensions.includes(d))) continue;
        const q = compileIndicator(def, { query: { indicators: [def.code], by }, scope: { networks: null, shelters: null }, from: bounds?.lo ?? "", to: bounds?.hi ?? "", keySecret });
        expect(q.sql).toContain(STAY_FACTS);
        const after = await all(db.connection, q.sql, q.params);
        const before = await all(db.connection, q.sql.replaceAll(STAY_FACTS, "stay_facts"), q.params);
        expect(sorted(after), `${def.code} by ${by.join(",")}`).toEqual(sorted(before));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it("keeps every number when the facts are derived again", async () => {
    const before = await all(db.connection, `SELECT person_key, person_id FROM person_ids ORDER BY person_key`);
    await refreshStayFacts(db.connection, "all");
    expect(await all(db.connection, `SELECT person_key, person_id FROM person_ids ORDER BY person_key`)).toEqual(before);
  });
});

/** Counts exactly; other numbers to 12 significant digits (parallel sums differ in their last bits). */
const settled = (rows: unknown) =>
  JSON.parse(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v))) as unknown;

describe("one statement per fact relation and attribution", () => {
  it("gives every indicator exactly the rows of its own statement, for every grouping, filter and scope", async () => {
    const keySecret = await recordKeySecret(db.connection, { create: false });
    const [bounds] = await all<{ lo: string; hi: string }>(db.connection, `SELECT CAST(min(admission_date) AS VARCHAR) AS lo, CAST(max(coalesce(exit_date, admission_date)) AS VARCHAR) AS hi FROM stays`);
    const [one] = await all<{ shelter_code: string; network_code: string }>(db.connection, `SELECT shelter_code, network_code FROM shelters ORDER BY shelter_code LIMIT 1`);
    const cases: { by: Dimension[]; shelter?: string; scope: { networks: string[] | null; shelters: string[] | null } }[] = [
      { by: [], scope: { networks: null, shelters: null } },
      { by: ["shelter"], scope: { networks: null, shelters: null } },
      { by: ["shelter"], scope: { networks: [one?.network_code ?? ""], shelters: null } },
      { by: [], shelter: one?.shelter_code, scope: { networks: null, shelters: null } },
      { by: ["month"], scope: { networks: null, shelters: null } },
      { by: ["year", "age_band"], scope: { networks: null, shelters: null } },
    ];
    let batches = 0;
    for (const c of cases) {
      const groups = new Map<string, IndicatorDefinition[]>();
      for (const d of catalogue) {
        if (c.by.some((x) => !d.dimensions.includes(x))) continue;
        groups.set(`${d.fact}|${d.attribution}`, [...(groups.get(`${d.fact}|${d.attribution}`) ?? []), d]);
      }
      for (const group of groups.values()) {
        if (group.length < 2) continue;
        const input = { query: { indicators: group.map((d) => d.code), by: c.by, ...(c.shelter ? { shelter: c.shelter } : {}) }, scope: c.scope, from: bounds?.lo ?? "", to: bounds?.hi ?? "", keySecret };
        const batch = compileIndicatorBatch(group, input);
        const rows = await all<Record<string, unknown>>(db.connection, batch.sql, batch.params);
        for (const [i, def] of group.entries()) {
          const single = compileIndicator(def, input);
          const expected = await all(db.connection, single.sql, single.params);
          expect(settled(batchRows(rows, i, batch.dimensions)), `${def.code} by ${c.by.join(",")}`).toEqual(settled(expected));
        }
        batches += 1;
      }
    }
    expect(batches).toBeGreaterThan(10);
  }, 600_000);

  it("refuses indicators of different relations in one statement", () => {
    const a = catalogue.find((d) => d.fact === "stays") as IndicatorDefinition;
    const b = catalogue.find((d) => d.fact === "shelters") as IndicatorDefinition;
    expect(() => compileIndicatorBatch([a, b], { query: {}, scope: { networks: null, shelters: null }, from: "2024-01-01", to: "2024-12-31", keySecret: "" })).toThrow(/one fact relation/);
  });
});
