// CSV safety for every CSV an export writes: a cell a spreadsheet would read as a formula (it
// starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so opening the file
// never runs anything (OWASP "CSV injection"). Two forms of the same rule: a SQL expression for
// files DuckDB writes with COPY, and a cell writer for CSV built in JavaScript.

/** The rule, as a regular expression over the cell's text. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe. */
export function neutralise(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** One CSV cell: text made safe, quoted when needed (RFC 4180). */
export function csvCell(v: unknown): string {
  const s = neutralise(v === null || v === undefined ? "" : String(v));
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** SQL for the same rule over an expression (cast to text first). `expr` is code, never user text. */
export function csvSafeSql(expr: string): string {
  // A first-character test: cheaper than a regular expression on every cell of a million rows.
  const text = `CAST(${expr} AS VARCHAR)`;
  return `CASE WHEN left(${text}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${text} ELSE ${text} END`;
}
