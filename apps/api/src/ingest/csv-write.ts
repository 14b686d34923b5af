// The one CSV writer of the product (registry export, audit export, demo and generated batches),
// on csv-stringify. Cells that a spreadsheet would run as a formula (starting with = + - @, a tab
// or a carriage return) get a leading apostrophe, as OWASP's "CSV Injection" page says — negative
// numbers too, as that page advises (a spreadsheet shows '-3 as -3); booleans are true/false, null
// and undefined are empty.
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
    // A bare carriage return inside a field must be quoted too (RFC 4180); csv-stringify quotes
    // only the record delimiter it writes.
    quoted_match: /\r/,
    cast: {
      string: (s: string) => neutraliseFormula(s),
      boolean: (b: boolean) => (b ? "true" : "false"),
      // A negative number starts with "-": the rule applies to it too (a spreadsheet shows '-3 as -3).
      number: (n: number) => neutraliseFormula(String(n)),
      bigint: (n: bigint) => neutraliseFormula(String(n)),
      date: (d: Date) => d.toISOString(),
      object: (o: object) => neutraliseFormula(String(o)),
    },
  };
  // The header is quoted only where needed, also when every cell is (column names are ours).
  const head = header === null ? "" : stringify([[...header]], common);
  const quoted = opts.quoteAll ?? false;
  return head + stringify(rows.map((r) => [...r]), { ...common, quoted, quoted_empty: quoted });
}

/** What makes a spreadsheet run a cell: its first character (the rule of FORMULA_START). */
const FORMULA_CHARACTERS = ["=", "+", "-", "@", "\t", "\r"] as const;

/**
 * The same rule in SQL, for CSV files DuckDB writes itself with COPY (research exports): a value
 * whose text starts like a formula gets the apostrophe, negative numbers included.
 * `expr` is code, never user text.
 */
export function csvSafeSql(expr: string): string {
  const text = `CAST(${expr} AS VARCHAR)`;
  const starts = FORMULA_CHARACTERS.map((c) => `chr(${c.charCodeAt(0)})`).join(", ");
  return `CASE WHEN left(${text}, 1) IN (${starts}) THEN '''' || ${text} ELSE ${text} END`;
}
