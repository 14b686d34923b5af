// Submission coverage attached to released indicator values: how many shelters of the value's
// scope were expected to report for its period and how many did. These are facts of the registry
// and the load log about shelters, never counts of people, so they need no suppression or noise;
// they are attached here, to rows that already left the engine, so the answer stays released.
import type { IndicatorResult } from "@refugio/schemas";
import { deriveFrom } from "./ledger";

export interface ReportingCoverage {
  shelters_expected: number;
  shelters_reporting: number;
}

/** A released row with its submission coverage (throws if the row did not pass the engine). */
export function withReporting(row: IndicatorResult, reporting: ReportingCoverage): IndicatorResult {
  if (!Number.isInteger(reporting.shelters_expected) || !Number.isInteger(reporting.shelters_reporting) || reporting.shelters_reporting > reporting.shelters_expected) {
    throw new RangeError(`release: reporting coverage must be whole shelter counts, reporting ≤ expected`);
  }
  return deriveFrom([row], () => ({ ...row, reporting: { shelters_expected: reporting.shelters_expected, shelters_reporting: reporting.shelters_reporting } }));
}
