// Unmet demand in the demo network (contract v1.1): the shelters that keep a referral log
// (Bogotá, Mexico) turn women away for lack of space exactly on the days their own stays fill
// them, and for other reasons now and then; the HRT keep no log. Then through the real loader:
// the batches carry the table and the unmet-demand indicators show the turn-aways.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { IndicatorResult } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unrestricted } from "../../src/auth/scope";
import { openDatabase, type Database } from "../../src/db/connection";
import { dayOf, isoOf } from "../../src/demo/dates";
import { isFull, REFERRAL_LOG_NETWORKS } from "../../src/demo/referrals";
import { writeDemoNetwork, type DemoFiles } from "../../src/demo/write";
import { computeRawIndicators, trueRows } from "../../src/indicators/service";
import { ingestBatches } from "../../src/ingest/ingest";
import { importRegistry } from "../../src/ingest/registry";
import { tempDir } from "../ingest/helpers";

const TODAY = "2026-11-23";
const t = tempDir("demo-turn-aways");
let files: DemoFiles;
let db: Database;

/** Units each shelter's stays occupy per day (as the demo places them), from the rows alone. */
function occupancy(stays: Record<string, unknown>[], start: number, today: number, rooms: boolean): Int32Array {
  const load = new Int32Array(today - start + 2);
  for (const s of stays) {
    const a = dayOf(String(s.admission_date)) - start;
    const end = s.exit_date ? dayOf(String(s.exit_date)) - start : today - start + 1;
    const units = rooms ? 1 : 1 + Number(s.children_in_stay ?? 0) + Number(s.companions_in_stay ?? 0);
    for (let x = a; x < end; x++) load[x] = (load[x] ?? 0) + units;
  }
  return load;
}

beforeAll(async () => {
  files = await writeDemoNetwork(join(t.dir, "network"), { seed: 1, scale: 1, today: TODAY });
}, 300_000);
afterAll(() => {
  try {
    db?.close();
  } finally {
    t.cleanup();
  }
});

describe("demo turn-aways", () => {
  it("come from the shelters that keep a referral log; lack of space only on days the shelter is full", () => {
    let fullDays = 0;
    let fullDaysWithTurnAway = 0;
    for (const sd of files.data.shelters) {
      const rows = sd.tables.referrals_not_admitted;
      if (!REFERRAL_LOG_NETWORKS.includes(sd.spec.network)) {
        expect(rows, sd.spec.code).toEqual([]);
        continue;
      }
      const rooms = sd.spec.capacity_rooms !== undefined;
      const capacity = Number(sd.spec.capacity_rooms ?? sd.spec.capacity_places);
      const start = dayOf(sd.periodStart);
      const load = occupancy(sd.tables.stays, start, dayOf(TODAY), rooms);
      const noSpace = new Set(rows.filter((r) => r.reason === "no_capacity").map((r) => String(r.referral_date)));
      for (const date of noSpace) expect(isFull(load, dayOf(date) - start, capacity, rooms), `${sd.spec.code} ${date}`).toBe(true);
      for (let i = 0; i <= dayOf(TODAY) - start; i++) {
        if (!isFull(load, i, capacity, rooms)) continue;
        fullDays++;
        if (noSpace.has(isoOf(start + i))) fullDaysWithTurnAway++;
      }
      // Other reasons happen whether the shelter is full or not.
      expect(rows.some((r) => r.reason !== "no_capacity"), sd.spec.code).toBe(true);
      for (const r of rows) expect(String(r.referral_date) >= sd.periodStart && String(r.referral_date) <= TODAY).toBe(true);
    }
    // Full days are common at scale 1; a referral arrives every few days, so a fair share of them
    // (about one in five with seed 1) sees a woman turned away for lack of space.
    expect(fullDays).toBeGreaterThan(500);
    expect(fullDaysWithTurnAway / fullDays).toBeGreaterThan(0.1);
    const all = files.data.shelters.flatMap((s) => s.tables.referrals_not_admitted);
    expect(all.filter((r) => r.reason === "no_capacity").length).toBeGreaterThan(all.length / 2);
  });

  it("are sent as contract v1.1 and load; the indicators show them for a Casa Refugio and leave an HRT out", async () => {
    const dirOf = (code: string) => files.batchDirs.find((d) => d.endsWith(`/${code}`)) ?? "";
    const bogota = dirOf("cr-bog-2");
    const hrt = dirOf("hrt-01");
    const manifest = JSON.parse(readFileSync(join(bogota, "manifest.json"), "utf8")) as { contract_version: string; tables: Record<string, { rows: number }> };
    expect(manifest.contract_version).toBe("1.1");
    expect(manifest.tables.referrals_not_admitted?.rows).toBeGreaterThan(0);
    db = await openDatabase(join(t.dir, "demo.duckdb"));
    await importRegistry(db.connection, files.registryFile, { loadedBy: "test" });
    const r = await ingestBatches(db.connection, [bogota, hrt], { loadedBy: "test" });
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    const [rate, space] = await computeRawIndicators(db.connection, { indicators: ["turn_away_rate", "turn_away_no_capacity"], by: ["shelter"] }, { scope: unrestricted });
    const byShelter = (rows: IndicatorResult[]) => Object.fromEntries(rows.filter((x) => x.group.shelter).map((x) => [x.group.shelter, x]));
    const rates = byShelter(rate ? trueRows(rate) : []);
    expect(Object.keys(rates)).toEqual(["cr-bog-2"]);
    const bog = rates["cr-bog-2"];
    const sent = files.data.shelters.find((s) => s.spec.code === "cr-bog-2");
    expect(bog?.numerator).toBe(sent?.tables.referrals_not_admitted.length);
    expect(bog?.denominator).toBe((sent?.tables.referrals_not_admitted.length ?? 0) + (sent?.tables.stays.length ?? 0));
    expect(byShelter(space ? trueRows(space) : [])["cr-bog-2"]?.value).toBeGreaterThan(0.5);
  });
});
