// NOM-217 Appendix A verification checks: 91 yes/no/na items in tables A1–A5, one check about
// every two years per refuge (opinions are valid for 2 years, section 7.7). Each item has a
// fixed "ease" shared by all refuges (some requirements are met nearly everywhere, others
// rarely); each refuge has its own level, and some improve from one check to the next.
import { NOM217_TABLE_SIZES, type Nom217Table } from "@refugio/schemas";
import type { Row } from "./csv";
import { isoOf } from "./dates";
import { logistic, type Rng } from "./random";

const TABLE_OFFSET: Record<Nom217Table, number> = { A1: -0.2, A2: 0.7, A3: 0.4, A4: -0.1, A5: -0.45 };
const TABLES = Object.keys(NOM217_TABLE_SIZES) as Nom217Table[];

export type ItemEase = Map<string, number>;

/** Ease of every item: drawn once per seed from the network-wide stream. */
export function itemEase(rng: Rng): ItemEase {
  const ease: ItemEase = new Map();
  for (const table of TABLES) {
    for (let item = 1; item <= NOM217_TABLE_SIZES[table]; item++) {
      ease.set(`${table}/${item}`, TABLE_OFFSET[table] + rng.normal(0, 0.9));
    }
  }
  return ease;
}

export interface ComplianceProfile {
  shelter_code: string;
  /** Logit of the refuge's typical share of items met. */
  level: number;
  /** Logit gained per check when the refuge works on its gaps (0 when it does not). */
  gain: number;
  /** Days of the checks, in order. */
  checkDays: readonly number[];
}

export function complianceRows(p: ComplianceProfile, ease: ItemEase, rng: Rng): Row[] {
  // Items that do not apply to this refuge stay "na" on every check (e.g. no on-site clinic).
  const notApplicable = new Set<string>();
  for (const key of ease.keys()) if (rng.chance(0.035)) notApplicable.add(key);
  const rows: Row[] = [];
  p.checkDays.forEach((day, k) => {
    const level = p.level + k * p.gain;
    for (const table of TABLES) {
      for (let item = 1; item <= NOM217_TABLE_SIZES[table]; item++) {
        const key = `${table}/${item}`;
        const result = notApplicable.has(key) ? "na" : rng.chance(logistic(level + (ease.get(key) ?? 0))) ? "yes" : "no";
        rows.push({ shelter_code: p.shelter_code, assessed_on: isoOf(day), table, item_no: item, result });
      }
    }
  });
  return rows;
}

/** Check days: a first verification, then one about every two years, up to `until`. */
export function checkSchedule(firstEarliest: number, until: number, rng: Rng): number[] {
  const days: number[] = [];
  for (let d = firstEarliest + rng.int(0, 540); d <= until; d += rng.int(640, 800)) days.push(d);
  return days;
}
