// The one CSV writer of the product (registry export, audit export, demo and generated batches),
// on csv-stringify. Text cells that a spreadsheet would run as a formula (starting with = + - @,
// a tab or a carriage return) get a leading apostrophe, as OWASP's "CSV Injection" page says;
// numbers stay numbers (a negative count is written as -3, not '-3), booleans are true/false,
// null and undefined are empty.
import { stringify } from "csv-stringify/sync";

/** Other objects (DuckDB's date or decimal values) are written as their text, as text. */
export type CsvValue = string | number | bigint | boolean | Date | object | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as written: prefixed with ' when a spreadsheet would read it as a formula. */
export const neutraliseFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

export interface CsvOptions {
  /** Field separator (default ","). */
  delimiter?: string;
  /** Line end (default "\n"; "\r\n" for files meant for spreadsheets). */
  eol?: "\n" | "\r\n";
  /** Quote every cell, empty ones included (default: only cells that need it). */
  quoteAll?: boolean;
}

/** CSV text of a header (null: none, e.g. more rows of a file) and rows in its order, ending with a line end. */
export function toCsvText(header: readonly string[] | null, rows: readonly (readonly CsvValue[])[], opts: CsvOptions = {}): string {
  const common = {
    delimiter: opts.delimiter ?? ",",
    record_delimiter: opts.eol === "\r\n" ? ("windows" as const) : ("unix" as const),
    cast: {
      string: (s: string) => neutraliseFormula(s),
      boolean: (b: boolean) => (b ? "true" : "false"),
      number: (n: number) => String(n),
      bigint: (n: bigint) => String(n),
      date: (d: Date) => d.toISOString(),
      object: (o: object) => neutraliseFormula(String(o)),
    },
  };
  // The header is quoted only where needed, also when every cell is (column names are ours).
  const head = header === null ? "" : stringify([[...header]], common);
  const quoted = opts.quoteAll ?? false;
  return head + stringify(rows.map((r) => [...r]), { ...common, quoted, quoted_empty: quoted });
}
