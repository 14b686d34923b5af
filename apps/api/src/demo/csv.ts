// CSV as the contract's canonical form: UTF-8, comma, ISO dates, true/false, empty = missing.
// The header comes from the table descriptor, so a file can never carry a column the
// contract does not declare, nor miss one.
import type { TableDef } from "@refugio/schemas";

export type Value = string | number | boolean | null | undefined;
export type Row = Record<string, Value>;

function cell(v: Value): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "true" : "false";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(table: TableDef, rows: readonly Row[]): string {
  const names = table.columns.map((c) => c.name);
  const known = new Set(names);
  const lines = [names.join(",")];
  for (const row of rows) {
    for (const k of Object.keys(row)) {
      if (!known.has(k)) throw new Error(`demo: column ${k} is not in contract table ${table.name}`);
    }
    lines.push(names.map((n) => cell(row[n])).join(","));
  }
  return `${lines.join("\n")}\n`;
}
