// CSV of what a table shows, built in the browser from the rows already on screen (already released
// by the server): no new figure leaves through this path.

export type CsvCell = string | number | null | undefined;

/**
 * One field, RFC 4180 quoting; text starting with = + - @ (or a tab / carriage return) gets a
 * leading apostrophe so a spreadsheet does not run it as a formula (CSV injection). Numbers are
 * written as numbers, with a dot, whatever the page's language.
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Header line plus one line per row, CRLF-separated, with a BOM so Excel reads UTF-8 accents. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
