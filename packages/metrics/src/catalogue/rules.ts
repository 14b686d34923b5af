// Per-stay rules the facts and indicators use, as data: programme stay limits by shelter model
// (DOMAIN.md, seeds 000 and 003), school age, the follow-up horizon. A `null` limit = the programme
// states none: those stays are left out of `stays_over_limit` (not counted as within).
import type { CodeOf } from "@refugio/schemas";

export interface StayLimit {
  /** Days allowed without an extension. */
  days: number;
  /** Days allowed when an extension was granted; null = no fixed ceiling once extended. */
  extendedDays: number | null;
  source: string;
}

export type StayLimits = Record<CodeOf<"model">, StayLimit | null>;

export const defaultStayLimits: StayLimits = {
  // Bogotá: "Término de 4 meses, prorrogables hasta por 2 meses más" (120 days + 60).
  casa_refugio: { days: 120, extendedDays: 180, source: "seed 000 (Casas Refugio Bogotá)" },
  // PROY-NOM-217: three months; longer only while the risk persists, as assessed by staff.
  refugio: { days: 90, extendedDays: null, source: "seed 003 (PROY-NOM-217-SE-2020)" },
  // Not stated in the seeds: configure per deployment (refreshStayFacts accepts overrides).
  hrt: null,
  casa_emergencia: null,
  casa_transicion: null,
};

/** Child age bands of school age (contract `child_age_band`): school continuity counts these. */
export const schoolAgeBands = ["6-11", "12-14", "15-17"] as const;

/** "At least 6 months after exit" (NOM 5.7.2), in days. */
export const FOLLOWUP_MIN_DAYS = 182;
