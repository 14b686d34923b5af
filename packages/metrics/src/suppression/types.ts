// The "response table" the suppression engine works on: cells plus additive constraints.

export type CellKind = "count" | "rate";
export type Quantity = "numerator" | "denominator";

export interface Cell {
  id: string;
  /** count: the numerator is the published count. rate: numerator ÷ denominator (or a statistic over n = denominator). */
  kind: CellKind;
  numerator: number | null;
  denominator: number | null;
}

/** "total = sum of parts". Nesting is expressed with several constraints sharing cells. */
export interface Constraint {
  total: string;
  parts: readonly string[];
  /** Which quantities add up. Default: the numerator always; the denominator when every member has one. */
  applies?: readonly Quantity[];
}

export interface CellDecision {
  id: string;
  suppressed: boolean;
  reason: "primary" | "secondary" | null;
}
