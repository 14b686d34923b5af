// Bilingual wording shared by the data dictionary and the templates.
import type { ColumnDef, TableDef } from "../contract/tables";

export const kindLabel: Record<ColumnDef["kind"], { es: string; en: string }> = {
  text: { es: "texto", en: "text" },
  integer: { es: "entero", en: "integer" },
  number: { es: "número decimal (coma o punto)", en: "decimal number (comma or point)" },
  boolean: { es: "sí/no", en: "yes/no" },
  date: { es: "fecha (AAAA-MM-DD o dd/mm/aaaa)", en: "date (YYYY-MM-DD or dd/mm/yyyy)" },
  code: { es: "código", en: "code" },
};

export function rangeLabel(col: ColumnDef): string {
  if (col.min !== undefined && col.max !== undefined) return `${col.min}–${col.max}`;
  if (col.min !== undefined) return `≥ ${col.min}`;
  if (col.max !== undefined) return `≤ ${col.max}`;
  return "";
}

/** Natural key as the loader uses it: shelter_code is implied for batch tables. */
export function naturalKey(table: TableDef): string[] {
  return table.origin === "batch" && !table.key.includes("shelter_code") ? ["shelter_code", ...table.key] : [...table.key];
}
