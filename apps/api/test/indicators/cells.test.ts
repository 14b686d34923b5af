// The load-time cells (packages/metrics/src/catalogue/cells.ts, derived by
// apps/api/src/db/aggregates.ts) give every indicator they hold exactly the rows the per-stay
// statement gives: figures, cell keys and the largest single record's share, per group and total,
// for every dimension a cell knows, alone and in pairs, over the whole period and one whose bounds
// fall mid-month, under a scope and under filters, alone and batched. They follow a later load and
// a registry change, and a database whose cells another catalogue derived reads the stays until
// it is opened for writing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { batchRows, catalogue, cellEligible, compileIndicator, compileIndicatorBatch, readsCells, type CompileInput, type IndicatorDefinition } from "@refugio/metrics";
import type { Dimension } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unrestricted } from "../../src/auth/scope";
import { CELLS_SIGNATURE_KEY } from "../../src/db/aggregates";
import { openDatabase, type Database } from "../../src/db/connection";
import { recordKeySecret, refreshStayFacts } from "../../src/db/facts";
import { migrate } from "../../src/db/migrations";
import { all, one, run } from "../../src/db/query";
import { queryState } from "../../src/db/query-state";
import { createDemo } from "../../src/demo/create";
import { addShelters, addStays, memoryDb, refresh, stayPeriod } from "./fixtures";

const dir = mkdtempSync(join(tmpdir(), "refugio-cells-"));
const dbPath = join(dir, "demo.duckdb");
let db: Database;
let keySecret: string;
let bounds: { lo: string; hi: string };

beforeAll(async () => {
  await createDemo(dbPath, { seed: 3, scale: 1 });
  db = await openDatabase(dbPath);
  keySecret = await recordKeySecret(db.connection, { create: false });
  bounds = await stayPeriod(db);
}, 1_200_000);
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const eligible = catalogue.filter(cellEligible);

/** Rows of one indicator's statement read from the cells and from the stays, on `conn`. */
async function bothPaths(conn: Database["connection"], def: IndicatorDefinition, by: Dimension[], from: string, to: string, extra: Partial<CompileInput> = {}) {
  const input = (cells: boolean): CompileInput => ({ query: { indicators: [def.code], by }, scope: unrestricted, from, to, keySecret, cells, ...extra, ...(extra.query ? { query: { ...extra.query, indicators: [def.code], by } } : {}) });
  const fast = compileIndicator(def, input(true));
  const slow = compileIndicator(def, input(false));
  return {
    readsCells: /stay_(exit|admission)_cells/.test(fast.sql),
    fast: await all<Record<string, unknown>>(conn, fast.sql, fast.params),
    slow: await all<Record<string, unknown>>(conn, slow.sql, slow.params),
  };
}

const GROUPINGS: Dimension[][] = [[], ["shelter"], ["region"], ["network"], ["country"], ["model"], ["month"], ["quarter"], ["year"], ["year", "shelter"], ["model", "quarter"]];

describe("load-time cells", () => {
  it("hold the additive exit and admission indicators, and only those", () => {
    // A catalogue change that adds or removes one shows here, to be checked against the rule.
    expect(eligible.map((d) => d.code).sort()).toEqual(
      [
        "completed_stays",
        "employment_at_exit",
        "exit_plan_rate",
        "followup_coverage_6m",
        "legal_representation_rate",
        "protection_order_rate",
        "recurrence_at_followup",
        "safe_at_followup",
        "safety_plan_rate",
        "school_continuity",
        "self_esteem_improved",
        "stays_over_limit",
        "workshop_certified_rate",
      ].sort(),
    );
    // Medians, paired changes and distinct counts of women are not sums of cells.
    for (const code of ["length_of_stay", "self_esteem_change", "women_served", "children_served", "occupancy_rate"]) {
      const def = catalogue.find((d) => d.code === code);
      expect(def && cellEligible(def), code).toBe(false);
    }
    // A dimension of the stay itself is not in a cell.
    const def = eligible[0] as IndicatorDefinition;
    expect(readsCells(def, ["shelter", "year"])).toBe(true);
    expect(readsCells(def, ["age_band"])).toBe(false);
    expect(readsCells(def, ["year", "risk_level"])).toBe(false);
  });

  it("are derived by this build's catalogue on the demo, one row per shelter and day with a stay", async () => {
    expect((await queryState(db.connection)).cells).toBe(true);
    const n = await one<{ exits: number; exit_days: number; admissions: number; admission_days: number }>(
      db.connection,
      `SELECT (SELECT count(*) FROM stay_exit_cells) AS exits,
        (SELECT count(*) FROM (SELECT DISTINCT shelter_code, exit_date FROM stays WHERE exit_date IS NOT NULL)) AS exit_days,
        (SELECT count(*) FROM stay_admission_cells) AS admissions,
        (SELECT count(*) FROM (SELECT DISTINCT shelter_code, admission_date FROM stays WHERE admission_date IS NOT NULL)) AS admission_days`,
    );
    expect(Number(n?.exits)).toBe(Number(n?.exit_days));
    expect(Number(n?.admissions)).toBe(Number(n?.admission_days));
    expect(Number(n?.exits)).toBeGreaterThan(100);
  });

  for (const period of ["whole", "mid-month"] as const) {
    it(`give every indicator they hold, by every grouping a cell knows, the per-stay rows (${period} period)`, async () => {
      const from = period === "whole" ? bounds.lo : `${bounds.lo.slice(0, 8)}17`;
      const to = period === "whole" ? bounds.hi : `${bounds.hi.slice(0, 8)}09`;
      let compared = 0;
      for (const def of eligible) {
        for (const by of GROUPINGS) {
          const r = await bothPaths(db.connection, def, by, from, to);
          expect(r.readsCells, `${def.code} by ${by.join(",")}`).toBe(true);
          expect(r.fast, `${def.code} by ${by.join(",") || "nothing"}`).toEqual(r.slow);
          if (by.length > 0) expect(r.fast.length, `${def.code} by ${by.join(",")}`).toBeGreaterThan(1);
          compared++;
        }
      }
      expect(compared).toBe(eligible.length * GROUPINGS.length);
    }, 600_000);
  }

  it("give the per-stay rows under a network scope, a shelter scope and each registry filter", async () => {
    const r0 = await one<{ network_code: string; region_code: string; country: string; model: string; shelter_code: string }>(
      db.connection,
      `SELECT network_code, region_code, country, model, shelter_code FROM shelters ORDER BY shelter_code LIMIT 1`,
    );
    if (!r0) throw new Error("no shelters in the demo");
    const cases: [string, Partial<CompileInput>][] = [
      ["network scope", { scope: { networks: [r0.network_code], shelters: null } }],
      ["shelter scope", { scope: { networks: null, shelters: [r0.shelter_code] } }],
      ["empty scope", { scope: { networks: [], shelters: null } }],
      ["region filter", { query: { indicators: [], region: r0.region_code } }],
      ["country filter", { query: { indicators: [], country: r0.country } }],
      ["model filter", { query: { indicators: [], model: r0.model } }],
      ["shelter filter", { query: { indicators: [], shelter: r0.shelter_code } }],
    ];
    for (const def of eligible) {
      for (const [name, extra] of cases) {
        for (const by of [["shelter"], ["quarter"]] as Dimension[][]) {
          const r = await bothPaths(db.connection, def, by, bounds.lo, bounds.hi, extra);
          expect(r.fast, `${def.code} by ${by.join(",")}, ${name}`).toEqual(r.slow);
        }
      }
    }
  }, 600_000);

  it("give each indicator of one statement (a batch) its own rows", async () => {
    for (const attribution of ["exit", "admission"] as const) {
      const defs = eligible.filter((d) => d.attribution === attribution);
      for (const by of [[], ["shelter"], ["month"]] as Dimension[][]) {
        const input = (cells: boolean): CompileInput => ({ query: { indicators: defs.map((d) => d.code), by }, scope: unrestricted, from: bounds.lo, to: bounds.hi, keySecret, cells });
        const fast = compileIndicatorBatch(defs, input(true));
        const slow = compileIndicatorBatch(defs, input(false));
        expect(fast.sql).toContain(`stay_${attribution}_cells`);
        const f = await all<Record<string, unknown>>(db.connection, fast.sql, fast.params);
        const s = await all<Record<string, unknown>>(db.connection, slow.sql, slow.params);
        defs.forEach((def, i) => expect(batchRows(f, i, by), `${def.code} by ${by.join(",")}`).toEqual(batchRows(s, i, by)));
      }
    }
  }, 600_000);

  it("follow a later load of one shelter and a change of its model in the registry", async () => {
    const t = await memoryDb();
    try {
      await addShelters(t, [
        { shelter_code: "a", model: "casa_refugio" },
        { shelter_code: "b", model: "hrt" },
      ]);
      await addStays(t, [
        { shelter_code: "a", stay_id: "1", admission_date: "2024-01-10", exit_date: "2024-03-02", exit_reason: "plan_completed" },
        { shelter_code: "a", stay_id: "2", admission_date: "2024-01-10", exit_date: "2024-09-30", exit_reason: "voluntary" },
        { shelter_code: "b", stay_id: "1", admission_date: "2024-02-01", exit_date: "2024-03-02", exit_reason: "plan_completed" },
      ]);
      await refresh(t);
      const secret = await recordKeySecret(t.connection, { create: false });
      const same = async (when: string) => {
        for (const def of eligible) {
          for (const by of [[], ["shelter"], ["month"]] as Dimension[][]) {
            const input = (cells: boolean): CompileInput => ({ query: { indicators: [def.code], by }, scope: unrestricted, from: "2024-01-01", to: "2024-12-31", keySecret: secret, cells });
            const fast = compileIndicator(def, input(true));
            const slow = compileIndicator(def, input(false));
            expect(await all(t.connection, fast.sql, fast.params), `${def.code} by ${by.join(",")} ${when}`).toEqual(await all(t.connection, slow.sql, slow.params));
          }
        }
      };
      const completed = async () =>
        (await all<{ g_shelter: string; num: number; den: number }>(
          t.connection,
          `SELECT shelter_code AS g_shelter, CAST(sum(completed_stays__num) AS INTEGER) AS num, CAST(sum(completed_stays__den) AS INTEGER) AS den FROM stay_exit_cells GROUP BY ALL ORDER BY 1`,
        )).map((r) => ({ ...r }));
      await same("after the first load");
      expect(await completed()).toEqual([
        { g_shelter: "a", num: 1, den: 2 },
        { g_shelter: "b", num: 1, den: 1 },
      ]);
      // A later load of shelter a (as the ingester refreshes the shelters it touched).
      await run(t.connection, `UPDATE stays SET exit_reason = 'plan_completed' WHERE shelter_code = 'a' AND stay_id = '2'`);
      await addStays(t, [{ shelter_code: "a", stay_id: "3", admission_date: "2024-05-01", exit_date: "2024-05-20", exit_reason: "transfer" }]);
      await refreshStayFacts(t.connection, ["a"]);
      expect(await completed()).toEqual([
        { g_shelter: "a", num: 2, den: 3 },
        { g_shelter: "b", num: 1, den: 1 },
      ]);
      await same("after a later load");
      // Shelter b becomes a model with a stay limit: stays_over_limit now applies to it.
      await run(t.connection, `UPDATE shelters SET model = 'casa_refugio' WHERE shelter_code = 'b'`);
      await refreshStayFacts(t.connection, ["b"]);
      await same("after a registry change");
    } finally {
      t.close();
    }
  }, 120_000);

  it("are not read when another catalogue derived them, and are derived again on the next writable open", async () => {
    const t = await memoryDb();
    try {
      await addShelters(t, [{ shelter_code: "a" }]);
      await addStays(t, [{ shelter_code: "a", stay_id: "1", admission_date: "2024-01-10", exit_date: "2024-03-02", exit_reason: "plan_completed" }]);
      await refresh(t);
      expect((await queryState(t.connection)).cells).toBe(true);
      await run(t.connection, `UPDATE meta SET value = 'another-catalogue' WHERE key = $k`, { k: CELLS_SIGNATURE_KEY });
      await run(t.connection, `DELETE FROM stay_exit_cells`);
      expect((await queryState(t.connection)).cells).toBe(false);
      await migrate(t.connection);
      expect((await queryState(t.connection)).cells).toBe(true);
      expect(Number((await one<{ n: number }>(t.connection, `SELECT count(*) AS n FROM stay_exit_cells`))?.n)).toBe(1);
    } finally {
      t.close();
    }
  });
});
