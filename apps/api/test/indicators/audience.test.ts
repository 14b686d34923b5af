// Privacy treatment by audience (one suppression engine): owner raw, internal suppressed with k,
// external suppressed and perturbed; comparisons against the query's total row; attrition hidden
// when small.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unrestricted, type Scope } from "../../src/auth/scope";
import type { Database } from "../../src/db/connection";
import { refreshStayFacts } from "../../src/db/facts";
import { run } from "../../src/db/query";
import { computeIndicators, computeRawIndicators, trueRows } from "../../src/indicators/service";
import { pairedChange, pairedFromMoments } from "@refugio/metrics";
import { addShelters, memoryDb } from "./fixtures";
import { loadScenario, Q1 } from "./scenario";

let small: Database;
let big: Database;

/** Three shelters with 100 exits each in 2024, completed 90 / 30 / 60 of them. */
async function loadBig(db: Database) {
  await addShelters(db, [
    { shelter_code: "a", network_code: "n1", capacity_places: 50 },
    { shelter_code: "b", network_code: "n1", capacity_places: 50 },
    { shelter_code: "c", network_code: "n1", capacity_places: 50 },
  ]);
  for (const [code, completed] of [["a", 90], ["b", 30], ["c", 60]] as const) {
    await run(
      db.connection,
      `INSERT INTO stays (shelter_code, stay_id, person_key, admission_date, exit_date, exit_reason, batch_id)
       SELECT $code, 's' || i, $code || '-p' || i, DATE '2024-01-01' + CAST(i AS INTEGER), DATE '2024-03-01' + CAST(i AS INTEGER),
              CASE WHEN i < $completed THEN 'plan_completed' ELSE 'voluntary_early' END, 'f'
       FROM range(100) t(i)`,
      { code, completed },
    );
  }
  await refreshStayFacts(db.connection, "all");
}

beforeAll(async () => {
  small = await memoryDb();
  await loadScenario(small);
  big = await memoryDb();
  await loadBig(big);
});
afterAll(() => {
  small.close();
  big.close();
});

const YEAR = { from: "2024-01-01", to: "2024-12-31" };

describe("suppression by audience", () => {
  it("internal: counts 1…k−1 are suppressed, with a complementary cell, and figures are not perturbed", async () => {
    const r = await computeIndicators(small.connection, { ...Q1, indicators: ["women_served"], by: ["shelter"] }, { scope: unrestricted, audience: "internal", k: 5 });
    const byShelter = Object.fromEntries(r.slice(1).map((x) => [x.group.shelter, x]));
    expect(byShelter.h2).toMatchObject({ suppressed: true, suppression_reason: "primary", value: null, numerator: null, n: null });
    expect(r.filter((x) => x.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(r.some((x) => x.perturbed)).toBe(false);
    expect(r.every((x) => !("cell_keys" in x))).toBe(true);
  });

  it("a query's own k can raise k but never lower it", async () => {
    const low = await computeIndicators(small.connection, { ...Q1, indicators: ["women_served"], k: 2 }, { scope: unrestricted, audience: "internal", k: 10 });
    expect(low[0]).toMatchObject({ suppressed: true, value: null }); // 7 < 10
    const high = await computeIndicators(small.connection, { ...Q1, indicators: ["women_served"], k: 10 }, { scope: unrestricted, audience: "internal", k: 5 });
    expect(high[0]?.suppressed).toBe(true);
    const base = await computeIndicators(small.connection, { ...Q1, indicators: ["women_served"] }, { scope: unrestricted, audience: "internal", k: 5 });
    expect(base[0]).toMatchObject({ suppressed: false, value: 7 });
  });

  it("owner: a single shelter reading its own figures gets them raw, small cells included", async () => {
    const scope: Scope = { networks: null, shelters: ["h1"] };
    const r = await computeIndicators(small.connection, { ...Q1, indicators: ["women_served", "completed_stays"] }, { scope, audience: "owner", k: 5 });
    expect(r.find((x) => x.indicator === "women_served")).toMatchObject({ value: 2, suppressed: false });
    expect(r.find((x) => x.indicator === "completed_stays")).toMatchObject({ numerator: 1, denominator: 2, suppressed: false });
    expect(r.some((x) => x.perturbed)).toBe(false);
  });

  it("owner audience with a wider scope is treated as external (peers' figures)", async () => {
    const scope: Scope = { networks: ["n1"], shelters: null };
    const r = await computeIndicators(big.connection, { ...YEAR, indicators: ["completed_stays"] }, { scope, audience: "owner", k: 5 });
    expect(r[0]?.perturbed).toBe(true);
  });

  it("external: published cells are perturbed with the cell key, deterministically, and stay close to the truth", async () => {
    const q = { ...YEAR, indicators: ["completed_stays", "women_served", "length_of_stay"], by: ["shelter" as const] };
    const raw = (await computeRawIndicators(big.connection, q, { scope: unrestricted })).flatMap(trueRows);
    const a = await computeIndicators(big.connection, q, { scope: unrestricted, audience: "external", k: 5 });
    const b = await computeIndicators(big.connection, q, { scope: unrestricted, audience: "external", k: 5 });
    expect(a).toEqual(b); // the same cells always get the same noise
    expect(a.filter((x) => x.indicator !== "length_of_stay").every((x) => x.perturbed === true)).toBe(true);
    for (const [i, x] of a.entries()) {
      const truth = raw[i];
      if (x.numerator !== null && truth?.numerator != null) expect(Math.abs(x.numerator - truth.numerator)).toBeLessThanOrEqual(2);
      if (x.denominator !== null && truth?.denominator != null) expect(Math.abs(x.denominator - truth.denominator)).toBeLessThanOrEqual(2);
    }
    // With 300 exits and noise −2…+2 on each cell, some cell moves.
    expect(a.some((x, i) => x.numerator !== raw[i]?.numerator || x.denominator !== raw[i]?.denominator)).toBe(true);
  });

  it("attrition counts are hidden when small or when the row is suppressed", async () => {
    const r = await computeIndicators(small.connection, { ...Q1, indicators: ["self_esteem_improved", "followup_coverage_6m"] }, { scope: unrestricted, audience: "internal", k: 5 });
    for (const x of r) {
      expect(x.coverage).toBeDefined();
      if (x.suppressed) expect([x.coverage?.eligible, x.coverage?.missing]).toEqual([null, null]);
      for (const v of [x.coverage?.eligible, x.coverage?.missing]) if (v != null) expect(v === 0 || v >= 5).toBe(true);
    }
    const raw = await computeIndicators(small.connection, { ...Q1, indicators: ["self_esteem_improved"] }, { scope: { networks: null, shelters: ["c1"] }, audience: "owner", k: 5 });
    expect(raw[0]?.coverage).toMatchObject({ eligible: 2, missing: 1 });
    expect(raw[0]?.coverage?.note).toMatch(/exits/);
  });
});

describe("comparison with the total row", () => {
  it("better / worse / similar by whether the Wilson interval excludes the total, with polarity", async () => {
    const r = await computeIndicators(big.connection, { ...YEAR, indicators: ["completed_stays"], by: ["shelter"] }, { scope: unrestricted, audience: "internal", k: 5 });
    expect(r[0]).toMatchObject({ group: {}, numerator: 180, denominator: 300, comparison: null });
    expect(Object.fromEntries(r.slice(1).map((x) => [x.group.shelter, x.comparison]))).toEqual({ a: "better", b: "worse", c: "similar" });
  });

  it("no judgement on counts; suppressed rows are not compared", async () => {
    const r = await computeIndicators(small.connection, { ...Q1, indicators: ["women_served", "completed_stays"], by: ["shelter"] }, { scope: unrestricted, audience: "internal", k: 5 });
    for (const x of r.filter((x) => Object.keys(x.group).length > 0)) expect(x.comparison).toBe("not_compared");
  });
});

describe("paired change from moments", () => {
  it("agrees with metrics' pairedChange on the raw differences", () => {
    const diffs = [3, -1, 4, 1, 5, 9, 2, 6];
    const m = diffs.reduce((s, d) => s + d, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - m) ** 2, 0) / (diffs.length - 1));
    const a = pairedFromMoments(diffs.length, m, sd);
    const b = pairedChange(diffs);
    expect(a.ci_low).toBeCloseTo(b.ci_low ?? NaN, 12);
    expect(a.ci_high).toBeCloseTo(b.ci_high ?? NaN, 12);
    expect(a.dz).toBeCloseTo(b.dz ?? NaN, 12);
    expect(pairedFromMoments(1, 2, null)).toMatchObject({ mean: 2, ci_low: null, dz: null });
    expect(pairedFromMoments(0, null, null).mean).toBeNull();
  });
});

describe("an empty database", () => {
  it("answers with zero totals instead of failing", async () => {
    const empty = await memoryDb();
    try {
      const r = await computeIndicators(empty.connection, { indicators: ["women_served", "completed_stays"] }, { scope: unrestricted, audience: "internal", k: 5 });
      expect(r.map((x) => [x.indicator, x.value, x.suppressed])).toEqual([
        ["women_served", 0, false],
        ["completed_stays", null, false],
      ]);
    } finally {
      empty.close();
    }
  });
});
