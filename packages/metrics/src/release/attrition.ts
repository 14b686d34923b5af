// Attrition bounds and the low-coverage flag (../stats/attrition.ts) of released rows: derived
// from the released numerator, denominator and eligible count only (perturbed for external
// readers), never from true figures. Rows without released coverage get none.
import type { IndicatorResult } from "@refugio/schemas";
import type { IndicatorDefinition } from "../catalogue/types";
import { attritionBounds, LOW_COVERAGE } from "../stats/attrition";
import { deriveFrom } from "./ledger";

/** Whether an indicator is a proportion measured on part of its eligible population. */
export function hasAttritionBounds(def: IndicatorDefinition): boolean {
  return def.computation === "proportion" && def.coverage?.measured === "denominator";
}

export function withAttrition(def: IndicatorDefinition, rows: readonly IndicatorResult[], threshold = LOW_COVERAGE): IndicatorResult[] {
  if (!hasAttritionBounds(def)) return [...rows];
  return rows.map((r) => {
    const eligible = r.coverage?.eligible ?? null;
    if (r.suppressed || eligible === null || r.numerator === null || r.denominator === null) return r;
    const bounds = attritionBounds(r.numerator, r.denominator, eligible, def.polarity, threshold);
    return bounds ? deriveFrom([r], () => ({ ...r, attrition: bounds })) : r;
  });
}
