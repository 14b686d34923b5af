// Unmet demand in the demo (contract v1.1, referrals_not_admitted): women referred to a shelter
// who were not admitted. Shelters that keep a referral log (Bogotá's Casas Refugio and the
// Mexican refuges; the HRT keep none) turn women away for lack of space on the days they are
// full, as the shelter's own occupancy says, and now and then for other reasons on any day.
// Drawn from the shelter's own random stream after its stays are placed, so every other figure
// of the demo (the Aurora totals, case mix, occupancy) is what it was without them.
import type { CodeOf } from "@refugio/schemas";
import type { Row } from "./csv";
import { isoOf } from "./dates";
import type { NetworkCode } from "./networks";
import type { Rng } from "./random";

/** Networks whose shelters keep a log of the referrals they could not admit. */
export const REFERRAL_LOG_NETWORKS: readonly NetworkCode[] = ["co-bogota", "mx-refugios"];

/** Turn-aways for lack of space per expected admission, on a day the shelter is full. */
const FULL_DAY_TURN_AWAYS = 1.2;
/** Turn-aways for other reasons per expected admission, on any day. */
const OTHER_TURN_AWAYS = 0.12;
const OTHER_REASONS: Readonly<Record<Exclude<CodeOf<"not_admitted_reason">, "no_capacity">, number>> = {
  not_eligible: 0.4,
  declined_by_woman: 0.3,
  risk_managed_elsewhere: 0.2,
  other: 0.1,
};
const CHILDREN: Readonly<Record<"0" | "1" | "2" | "3" | "4", number>> = { "0": 0.2, "1": 0.3, "2": 0.28, "3": 0.15, "4": 0.07 };

export interface TurnAwayInput {
  shelterCode: string;
  /** First day of the shelter's data and today (day numbers, ./dates). */
  start: number;
  today: number;
  /** Units in use on each day from `start` (places or rooms), as placing its stays left them. */
  load: Int32Array;
  capacity: number;
  /** Capacity in rooms (one per family) rather than places (one per person). */
  rooms: boolean;
  /** The shelter's admissions over the period: the scale of its referrals. */
  admissions: number;
  /** Relative intake on a day (seasonality, the 2020 lockdown). */
  intake: (day: number) => number;
  referralSources: Readonly<Record<string, number>>;
  ageBands: Readonly<Record<string, number>>;
  rng: Rng;
}

/** Whether a woman with at least one child (most are) finds no free place or room on day `i`. */
export function isFull(load: Int32Array, i: number, capacity: number, rooms: boolean): boolean {
  return (load[i] ?? 0) + (rooms ? 1 : 2) > capacity;
}

/** Poisson draw (Knuth; the daily means here are well under 5). */
function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

/** The shelter's referrals_not_admitted rows, in date order, with pseudonymous referral ids. */
export function turnAways(input: TurnAwayInput): Row[] {
  const { rng, start, today } = input;
  const days = today - start + 1;
  const perDay = input.admissions / Math.max(1, days);
  const rows: Row[] = [];
  for (let i = 0; i < days; i++) {
    const day = start + i;
    const expected = perDay * input.intake(day);
    const full = isFull(input.load, i, input.capacity, input.rooms);
    const reasons: CodeOf<"not_admitted_reason">[] = [];
    if (full) for (let n = poisson(rng, FULL_DAY_TURN_AWAYS * expected); n > 0; n--) reasons.push("no_capacity");
    for (let n = poisson(rng, OTHER_TURN_AWAYS * expected); n > 0; n--) reasons.push(rng.weighted(OTHER_REASONS));
    for (const reason of reasons) {
      rows.push({
        referral_id: `N${input.shelterCode}-${String(rows.length + 1).padStart(5, "0")}`,
        referral_date: isoOf(day),
        referral_source: rng.weighted(input.referralSources),
        reason,
        age_band: rng.chance(0.06) ? null : rng.weighted(input.ageBands),
        children_count: Number(rng.weighted(CHILDREN)),
      });
    }
  }
  return rows;
}
