// The load-time aggregates (stay_months, apps/api/src/db/aggregates.ts) give every indicator
// exactly the rows the per-stay path gives: on the demo network, for every indicator × time grain
// (stay_months is read by month; the other grains must come out as before), for the overlap
// indicators by month with each of their other dimensions, over the data's whole period and over
// a period whose bounds fall mid-month.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalogue, compileIndicator, type CompileInput, type IndicatorDefinition } from "@refugio/metrics";
import type { Dimension } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unrestricted } from "../../src/auth/scope";
import { AGGREGATES_SCHEMA_2, stayMonthsHorizon } from "../../src/db/aggregates";
import { openDatabase, type Database } from "../../src/db/connection";
import { recordKeySecret } from "../../src/db/facts";
import { migrate } from "../../src/db/migrations";
import { all, one, run } from "../../src/db/query";
import { createDemo } from "../../src/demo/create";
import { addShelters, addStays, memoryDb, refresh, stayPeriod } from "./fixtures";

const dir = mkdtempSync(join(tmpdir(), "refugio-aggregates-"));
const dbPath = join(dir, "demo.duckdb");
let db: Database;
let horizon: string;
let keySecret: string;
let bounds: { lo: string; hi: string };

beforeAll(async () => {
  await createDemo(dbPath, { seed: 1, scale: 1 });
  db = await openDatabase(dbPath);
  horizon = (await stayMonthsHorizon(db.connection)) ?? "";
  keySecret = await recordKeySecret(db.connection, { create: false });
  bounds = await stayPeriod(db);
}, 1_200_000);
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const GRAINS: (Dimension | null)[] = [null, "month", "quarter", "year"];

/** The rows of one compiled query, read with and without the aggregates. */
async function bothPaths(def: IndicatorDefinition, by: Dimension[], from: string, to: string, scope: CompileInput["scope"] = unrestricted, query: Partial<CompileInput["query"]> = {}) {
  const input = (stayMonthsUntil: string | null): CompileInput => ({ query: { indicators: [def.code], by, ...query }, scope, from, to, keySecret, stayMonthsUntil });
  const fast = compileIndicator(def, input(horizon));
  const slow = compileIndicator(def, input(null));
  return {
    readsAggregates: fast.sql.includes("stay_months"),
    fast: await all<Record<string, unknown>>(db.connection, fast.sql, fast.params),
    slow: await all<Record<string, unknown>>(db.connection, slow.sql, slow.params),
  };
}

const overlapping = catalogue.filter((d) => d.attribution === "overlap");

describe("load-time aggregates", () => {
  it("cover the demo: a horizon after its last date, one row per stay and month it meets", async () => {
    expect(horizon >= bounds.hi).toBe(true);
    const check = await one<{ missing: number; extra: number }>(
      db.connection,
      `WITH want AS (
         SELECT s.shelter_code, s.person_id, s.record_key,
           CAST(unnest(generate_series(date_trunc('month', s.admission_date), date_trunc('month', coalesce(s.exit_date, CAST($h AS DATE))), INTERVAL 1 MONTH)) AS DATE) AS month
         FROM stays s)
       SELECT (SELECT count(*) FROM (SELECT * FROM want EXCEPT ALL SELECT shelter_code, person_key, record_key, month FROM stay_months)) AS missing,
              (SELECT count(*) FROM (SELECT shelter_code, person_key, record_key, month FROM stay_months EXCEPT ALL SELECT * FROM want)) AS extra`,
      { h: horizon },
    );
    expect(check).toEqual({ missing: 0, extra: 0 });
  });

  it("hold each shelter's stay bounds as a scan of its stays gives them", async () => {
    const diff = await all(
      db.connection,
      `SELECT shelter_code, min(admission_date) AS first_date, max(greatest(coalesce(exit_date, admission_date), coalesce(reference_date, admission_date))) AS last_date
         FROM stay_facts GROUP BY shelter_code
       EXCEPT ALL SELECT shelter_code, first_date, last_date FROM stay_bounds`,
    );
    expect(diff).toEqual([]);
    const n = await one<{ bounds: number; shelters: number }>(
      db.connection,
      `SELECT (SELECT count(*) FROM stay_bounds) AS bounds, (SELECT count(DISTINCT shelter_code) FROM stays) AS shelters`,
    );
    expect(Number(n?.bounds)).toBe(Number(n?.shelters));
    expect(Number(n?.bounds)).toBeGreaterThan(1);
  });

  it("are derived again on open after a migration step recreates them, and not read until then", async () => {
    const t = await memoryDb();
    try {
      await addShelters(t, [{ shelter_code: "x" }]);
      await addStays(t, [
        { shelter_code: "x", stay_id: "a", admission_date: "2024-01-20", exit_date: "2024-03-02" },
        { shelter_code: "x", stay_id: "b", admission_date: "2024-02-10" },
      ]);
      await refresh(t);
      const months = async () => Number((await one<{ n: number }>(t.connection, `SELECT count(*) AS n FROM stay_months`))?.n);
      expect(await stayMonthsHorizon(t.connection)).toBe("2024-12-31");
      expect(await months()).toBe(3 + 11);
      for (const sql of AGGREGATES_SCHEMA_2) await run(t.connection, sql);
      expect(await months()).toBe(0);
      expect(await stayMonthsHorizon(t.connection)).toBeNull();
      await migrate(t.connection);
      expect(await months()).toBe(3 + 11);
      expect(await stayMonthsHorizon(t.connection)).toBe("2024-12-31");
    } finally {
      t.close();
    }
  });

  it("are read by every overlap indicator by month, and only when the period ends by the horizon", () => {
    expect(overlapping.map((d) => d.code).sort()).toEqual(["children_served", "companions_served", "occupancy_rate", "women_served"]);
    for (const def of overlapping) {
      const sql = (to: string) =>
        compileIndicator(def, { query: { indicators: [def.code], by: ["month"] }, scope: unrestricted, from: "2020-01-01", to, keySecret: "k", stayMonthsUntil: "2030-12-31" }).sql;
      expect(sql("2030-12-31")).toContain("stay_months");
      expect(sql("2031-01-01")).not.toContain("stay_months");
    }
  });

  for (const period of ["whole", "mid-month"] as const) {
    it(`give every indicator × grain the per-stay rows (${period} period)`, async () => {
      const from = period === "whole" ? bounds.lo : `${bounds.lo.slice(0, 8)}17`;
      const to = period === "whole" ? bounds.hi : `${bounds.hi.slice(0, 8)}09`;
      let compared = 0;
      for (const def of catalogue) {
        for (const grain of GRAINS) {
          if (grain && !def.dimensions.includes(grain)) continue;
          const r = await bothPaths(def, grain ? [grain] : [], from, to);
          expect(r.readsAggregates, `${def.code} by ${grain}`).toBe(def.attribution === "overlap" && grain === "month");
          expect(r.fast, `${def.code} by ${grain ?? "nothing"}`).toEqual(r.slow);
          if (r.readsAggregates) {
            expect(r.fast.length, `${def.code} by ${grain}`).toBeGreaterThan(1);
            compared++;
          }
        }
      }
      expect(compared).toBe(overlapping.length);
    }, 600_000);
  }

  it("give the overlap indicators the per-stay rows by month and each of their other dimensions", async () => {
    for (const def of overlapping) {
      for (const d of def.dimensions.filter((x) => !["month", "quarter", "year"].includes(x))) {
        const r = await bothPaths(def, [d, "month"], bounds.lo, bounds.hi);
        expect(r.readsAggregates).toBe(true);
        expect(r.fast, `${def.code} by ${d}, month`).toEqual(r.slow);
      }
    }
  }, 600_000);

  it("give the overlap indicators the per-stay rows under a network scope and a region filter (the registry joined)", async () => {
    const r0 = await one<{ network_code: string; region_code: string }>(db.connection, `SELECT network_code, region_code FROM shelters ORDER BY shelter_code LIMIT 1`);
    if (!r0) throw new Error("no shelters in the demo");
    for (const def of overlapping) {
      for (const grain of ["month"] as const) {
        const scoped = await bothPaths(def, [grain], bounds.lo, bounds.hi, { networks: [r0.network_code], shelters: null });
        expect(scoped.fast, `${def.code} by ${grain}, network scope`).toEqual(scoped.slow);
        expect(scoped.fast.length).toBeGreaterThan(1);
        const filtered = await bothPaths(def, [grain], bounds.lo, bounds.hi, unrestricted, { region: r0.region_code });
        expect(filtered.fast, `${def.code} by ${grain}, region filter`).toEqual(filtered.slow);
      }
    }
  }, 600_000);
});
