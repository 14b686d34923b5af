// The overlap indicators count distinct women over an integer surrogate of person_key (numbered
// at load, stays.person_id), not over the VARCHAR keys. On the demo database, every compiled row
// of every indicator reading stay_facts (figures and cell keys, per group and total) is identical
// whether the relation reads the surrogate or the text keys, and a later load keeps the numbers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalogue, compileIndicator, STAY_FACTS } from "@refugio/metrics";
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
