// Unmet demand (contract v1.1) on a hand-built case loaded through the real ingester:
// referrals_not_admitted, turn_away_rate (not admitted ÷ admissions + not admitted) and
// turn_away_no_capacity, counted only on the days a shelter reported its turn-aways. The figures
// are worked out by hand below, and recomputed independently from the case's records in plain
// JavaScript for every breakdown; then released with suppression like every indicator.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Dimension, IndicatorResult } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unrestricted } from "../../src/auth/scope";
import { openDatabase, type Database } from "../../src/db/connection";
import { computeIndicators, computeRawIndicators, trueRows } from "../../src/indicators/service";
import { ingestBatches } from "../../src/ingest/ingest";
import { importRegistry } from "../../src/ingest/registry";
import { csv, tempDir, writeBatchDir } from "../ingest/helpers";

const t = tempDir("unmet-indicators");
let db: Database;

const Q1 = { from: "2024-01-01", to: "2024-03-31" };

interface Stay { shelter: string; id: string; date: string; age: string; source: string }
interface TurnAway { shelter: string; id: string; date: string; source: string; reason: string; age: string }
interface Batch { shelter: string; version: "1" | "1.1"; start: string; end: string; stays: Stay[]; turnAways: TurnAway[] | null }

const batches: Batch[] = [
  {
    // u-a reports its turn-aways from January to April.
    shelter: "u-a", version: "1.1", start: "2024-01-01", end: "2024-04-30",
    stays: [
      { shelter: "u-a", id: "A1", date: "2024-01-10", age: "25-34", source: "juzgado" },
      { shelter: "u-a", id: "A2", date: "2024-02-05", age: "18-24", source: "self" },
      { shelter: "u-a", id: "A3", date: "2024-03-20", age: "25-34", source: "juzgado" },
      { shelter: "u-a", id: "A4", date: "2024-04-02", age: "25-34", source: "juzgado" }, // after Q1
    ],
    turnAways: [
      { shelter: "u-a", id: "a1", date: "2024-01-12", source: "juzgado", reason: "no_capacity", age: "25-34" },
      { shelter: "u-a", id: "a2", date: "2024-02-06", source: "self", reason: "no_capacity", age: "18-24" },
      // The same referral twice that day, without ids: two women, two rows.
      { shelter: "u-a", id: "", date: "2024-02-07", source: "self", reason: "no_capacity", age: "18-24" },
      { shelter: "u-a", id: "", date: "2024-02-07", source: "self", reason: "no_capacity", age: "18-24" },
      { shelter: "u-a", id: "a5", date: "2024-03-01", source: "", reason: "not_eligible", age: "" },
      { shelter: "u-a", id: "a6", date: "2024-04-02", source: "juzgado", reason: "no_capacity", age: "25-34" }, // after Q1
    ],
  },
  // u-b keeps no referral log (v1.1 without the table): left out, not "no turn-aways".
  {
    shelter: "u-b", version: "1.1", start: "2024-01-01", end: "2024-03-31",
    stays: [
      { shelter: "u-b", id: "B1", date: "2024-01-20", age: "25-34", source: "self" },
      { shelter: "u-b", id: "B2", date: "2024-02-15", age: "25-34", source: "self" },
    ],
    turnAways: null,
  },
  // u-c sent January in contract v1, then February–March in v1.1 with the table.
  {
    shelter: "u-c", version: "1", start: "2024-01-01", end: "2024-01-31",
    stays: [{ shelter: "u-c", id: "C1", date: "2024-01-15", age: "35-44", source: "self" }],
    turnAways: null,
  },
  {
    shelter: "u-c", version: "1.1", start: "2024-02-01", end: "2024-03-31",
    stays: [{ shelter: "u-c", id: "C2", date: "2024-02-20", age: "45-59", source: "cem_or_external_centre" }],
    turnAways: [
      { shelter: "u-c", id: "c1", date: "2024-03-03", source: "self", reason: "declined_by_woman", age: "35-44" },
      // Dated in January, a month this shelter did not report its turn-aways for: not counted.
      { shelter: "u-c", id: "c0", date: "2024-01-20", source: "self", reason: "no_capacity", age: "35-44" },
    ],
  },
];

const registry = [
  "shelter_code,network_code,network_name,country,region_code,model,capacity_places,capacity_rooms,opened_on,closed_on,operator_type,has_exclusive_coordinator",
  "u-a,net-u,Red U,PE,PE-LIM,hrt,10,,2015-01-01,,civil_society,true",
  "u-b,net-u,Red U,PE,PE-CUS,hrt,8,,2015-01-01,,civil_society,false",
  "u-c,net-v,Red V,CO,CO-DC,casa_refugio,12,,2015-01-01,,civil_society,false",
].join("\n");

beforeAll(async () => {
  db = await openDatabase(join(t.dir, "unmet.duckdb"));
  writeFileSync(join(t.dir, "registry.csv"), `${registry}\n`);
  await importRegistry(db.connection, join(t.dir, "registry.csv"), { loadedBy: "test" });
  for (const [i, b] of batches.entries()) {
    const files: Record<string, string> = {
      "stays.csv": csv([["stay_id", "person_key", "shelter_code", "admission_date", "age_band", "referral_source"], ...b.stays.map((s) => [s.id, `P${s.id}`, s.shelter, s.date, s.age, s.source])]),
    };
    if (b.turnAways) {
      files["referrals_not_admitted.csv"] = csv([["referral_id", "referral_date", "referral_source", "reason", "age_band", "children_count"], ...b.turnAways.map((x) => [x.id, x.date, x.source, x.reason, x.age, "1"])]);
    }
    const dir = writeBatchDir(join(t.dir, `batch-${i}`), { manifest: { contract_version: b.version, shelter_code: b.shelter, exported_on: "2024-05-15", period_start: b.start, period_end: b.end }, files });
    const r = await ingestBatches(db.connection, [dir], { loadedBy: "test" });
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
  }
}, 120_000);
afterAll(() => {
  try {
    db?.close();
  } finally {
    t.cleanup();
  }
});

async function rows(code: string, by: Dimension[] = [], period = Q1): Promise<IndicatorResult[]> {
  const [table] = await computeRawIndicators(db.connection, { ...period, indicators: [code], by }, { scope: unrestricted });
  if (!table) throw new Error(`no result for ${code}`);
  return trueRows(table);
}
const label = (x: IndicatorResult) => (Object.keys(x.group).length === 0 ? "total" : (Object.values(x.group)[0] ?? null));
const nd = (r: IndicatorResult[]) => r.map((x) => [label(x), x.numerator, x.denominator]);

/**
 * The same figures recomputed from the case's records, without the catalogue: a referral counts
 * when its date is in the period and a batch of its shelter that carried the table covers it.
 */
const shelterOf: Record<string, { network: string; country: string; region: string; model: string }> = {
  "u-a": { network: "net-u", country: "PE", region: "PE-LIM", model: "hrt" },
  "u-b": { network: "net-u", country: "PE", region: "PE-CUS", model: "hrt" },
  "u-c": { network: "net-v", country: "CO", region: "CO-DC", model: "casa_refugio" },
};
const reported = (shelter: string, date: string) => batches.some((b) => b.shelter === shelter && b.turnAways !== null && b.start <= date && date <= b.end);
function expected(code: string, dim: Dimension | null, period = Q1): (string | number | null)[][] {
  const records = batches.flatMap((b) => [
    ...b.stays.map((s) => ({ ...s, admitted: true, reason: null as string | null })),
    ...(b.turnAways ?? []).map((x) => ({ ...x, admitted: false, reason: x.reason })),
  ]);
  const inScope = records.filter((r) => r.date >= period.from && r.date <= period.to && reported(r.shelter, r.date));
  const keyOf = (r: (typeof inScope)[number]): string | null => {
    const sh = shelterOf[r.shelter];
    switch (dim) {
      case "shelter": return r.shelter;
      case "network": return sh?.network ?? null;
      case "country": return sh?.country ?? null;
      case "region": return sh?.region ?? null;
      case "model": return sh?.model ?? null;
      case "age_band": return r.age || null;
      case "referral_source": return r.source || null;
      case "month": return r.date.slice(0, 7);
      case "quarter": return `${r.date.slice(0, 4)}-Q${Math.floor((Number(r.date.slice(5, 7)) - 1) / 3) + 1}`;
      case "year": return r.date.slice(0, 4);
      default: return "total";
    }
  };
  const figures = (rs: typeof inScope) => {
    const out = rs.filter((r) => !r.admitted);
    if (code === "referrals_not_admitted") return [out.length, null];
    if (code === "turn_away_rate") return [out.length, rs.length];
    return [out.filter((r) => r.reason === "no_capacity").length, out.length];
  };
  const rowsOf = code === "turn_away_no_capacity" ? inScope.filter((r) => !r.admitted) : inScope;
  const groups = dim === null ? [] : [...new Set(rowsOf.map(keyOf))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  return [["total", ...figures(inScope)], ...groups.map((g) => [g, ...figures(inScope.filter((r) => keyOf(r) === g))])];
}

describe("unmet demand on the hand-built case (Q1 2024)", () => {
  it("totals: 6 not admitted of 10 referrals; 4 of the 6 for lack of space", async () => {
    // Not admitted on reported days: a1, a2, the two rows of 02-07, a5 (u-a) and c1 (u-c) = 6;
    // c0 falls in u-c's January, which it did not report. Admitted on reported days: A1, A2, A3
    // (u-a) and C2 (u-c; C1 is in the unreported January; u-b keeps no log) = 4.
    const [count] = await rows("referrals_not_admitted");
    expect(count?.value).toBe(6);
    const [rate] = await rows("turn_away_rate");
    expect([rate?.numerator, rate?.denominator]).toEqual([6, 10]);
    expect(rate?.value).toBeCloseTo(0.6, 12);
    expect(rate?.ci_low).not.toBeNull();
    const [space] = await rows("turn_away_no_capacity");
    expect([space?.numerator, space?.denominator]).toEqual([4, 6]); // a1, a2 and the two of 02-07
  });

  it("by shelter (one without the table is absent), by month and by age band", async () => {
    expect(nd(await rows("turn_away_rate", ["shelter"]))).toEqual([["total", 6, 10], ["u-a", 5, 8], ["u-c", 1, 2]]);
    expect(nd(await rows("turn_away_no_capacity", ["shelter"]))).toEqual([["total", 4, 6], ["u-a", 4, 5], ["u-c", 0, 1]]);
    expect(nd(await rows("turn_away_rate", ["month"]))).toEqual([["total", 6, 10], ["2024-01", 1, 2], ["2024-02", 3, 5], ["2024-03", 2, 3]]);
    expect(nd(await rows("turn_away_rate", ["age_band"]))).toEqual([["total", 6, 10], ["18-24", 3, 4], ["25-34", 1, 3], ["35-44", 1, 1], ["45-59", 0, 1], [null, 1, 1]]);
    // April is reported by u-a: A4 and a6 join when the period does.
    const [year] = await rows("turn_away_rate", [], { from: "2024-01-01", to: "2024-12-31" });
    expect([year?.numerator, year?.denominator]).toEqual([7, 12]);
  });

  it("agree with an independent recomputation from the records, for every indicator and breakdown", async () => {
    for (const code of ["referrals_not_admitted", "turn_away_rate", "turn_away_no_capacity"]) {
      for (const dim of [null, "shelter", "network", "country", "region", "model", "age_band", "referral_source", "month", "quarter", "year"] as const) {
        for (const period of [Q1, { from: "2024-02-01", to: "2024-04-30" }]) {
          const got = (await rows(code, dim ? [dim] : [], period)).map((x) => [label(x), x.numerator, code === "referrals_not_admitted" ? null : x.denominator]);
          expect(got, `${code} by ${dim ?? "-"} ${period.from}`).toEqual(expected(code, dim, period));
        }
      }
    }
  });

  it("are released with suppression like every indicator: small cells withheld, perturbed for external readers", async () => {
    const internal = await computeIndicators(db.connection, { ...Q1, indicators: ["turn_away_rate"], by: ["shelter"] }, { scope: unrestricted, audience: "internal", k: 5 });
    const byShelter = Object.fromEntries(internal.map((r) => [label(r), r]));
    expect(byShelter.total).toMatchObject({ suppressed: false, numerator: 6, denominator: 10 });
    // u-c: 1 of 2 referrals, under k = 5.
    expect(byShelter["u-c"]).toMatchObject({ suppressed: true, value: null, numerator: null });
    const external = await computeIndicators(db.connection, { ...Q1, indicators: ["referrals_not_admitted", "turn_away_rate", "turn_away_no_capacity"] }, { scope: unrestricted, audience: "external", k: 5 });
    expect(external).toHaveLength(3);
    for (const r of external) expect(r.suppressed || r.perturbed === true, r.indicator).toBe(true);
    // A shelter reading its own figures gets them exactly.
    const own = await computeIndicators(db.connection, { ...Q1, indicators: ["turn_away_rate"] }, { scope: { networks: null, shelters: ["u-a"] }, audience: "owner", k: 5 });
    expect(own[0]).toMatchObject({ numerator: 5, denominator: 8, suppressed: false });
  });
});
