// A problem as collected while checking a batch: `fi` indexes the batch's file list so SQL
// never needs a file name as text.
import type { Bilingual } from "@refugio/schemas";

export interface Problem {
  fi: number;
  line: number | null;
  column: string | null;
  value: string | null;
  reason: Bilingual;
  severity: "error" | "warning";
}

/** How many problems a report lists (the total is always counted). */
export const PROBLEM_CAP = 1000;
