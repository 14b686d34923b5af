// CSV as the contract's canonical form: UTF-8, comma, ISO dates, true/false, empty = missing.
// The header comes from the table descriptor, so a file can never carry a column the
// contract does not declare, nor miss one.
import type { TableDef } from "@refugio/schemas";
import { toCsvText } from "../ingest/csv-write";

export type Value = string | number | boolean | null | undefined;
export type Row = Record<string, Value>;

export function toCsv(table: TableDef, rows: readonly Row[]): string {
  const names = table.columns.map((c) => c.name);
  const known = new Set(names);
  for (const row of rows) {
    for (const k of Object.keys(row)) {
      if (!known.has(k)) throw new Error(`demo: column ${k} is not in contract table ${table.name}`);
    }
  }
  // The product's one CSV writer (formulas neutralised, true/false, empty = missing).
  return toCsvText(names, rows.map((row) => names.map((n) => row[n])));
}
