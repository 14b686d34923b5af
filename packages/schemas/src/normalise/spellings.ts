// The spellings of a code list the loader accepts: the ingester's SQL reference rows
// (apps/api/src/ingest/sql.ts) are built from this, the one place the rule lives.
import type { CodeDef } from "../contract/codes";
import { foldCode } from "./text";

/**
 * Every folded spelling of a code list: the codes themselves (`exact`), and the labels and
 * aliases with the codes each names (more than one = ambiguous). The ingester's SQL
 * reference table is built from this.
 */
export function codeSpellings(defs: readonly CodeDef[]): { exact: Map<string, string>; labels: Map<string, Set<string>> } {
  const exact = new Map(defs.map((d) => [foldCode(d.code), d.code]));
  const labels = new Map<string, Set<string>>();
  for (const d of defs) {
    for (const label of [d.es, d.en, ...(d.aliases ?? [])]) {
      const k = foldCode(label);
      if (exact.has(k)) continue; // a label spelled like a code means that code
      const set = labels.get(k) ?? new Set<string>();
      set.add(d.code);
      labels.set(k, set);
    }
  }
  return { exact, labels };
}
