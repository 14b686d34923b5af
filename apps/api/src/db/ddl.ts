// DuckDB DDL derived from the contract descriptors (one source of truth: @refugio/schemas).
import { batchTables, type ColumnDef, type ColumnKind, type TableDef } from "@refugio/schemas";

export const duckdbType: Record<ColumnKind, string> = {
  text: "VARCHAR",
  code: "VARCHAR",
  integer: "INTEGER",
  number: "DOUBLE",
  boolean: "BOOLEAN",
  date: "DATE",
};

/** Columns stored for a batch table: its contract columns, plus shelter_code when implied by the manifest. */
export function storedColumns(table: TableDef): ColumnDef[] {
  const cols = [...table.columns];
  if (!cols.some((c) => c.name === "shelter_code")) {
    cols.unshift({ name: "shelter_code", kind: "text", required: true, es: "Código del refugio", en: "Shelter code" });
  }
  return cols;
}

/** Natural key as stored: shelter_code first, then the table's own key. */
export function storedKey(table: TableDef): string[] {
  return table.origin === "batch" ? ["shelter_code", ...table.key] : [...table.key];
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const quoteIdent = q;

export function createBatchTableSql(table: TableDef): string {
  const cols = storedColumns(table).map((c) => {
    const notNull = c.required || storedKey(table).includes(c.name) ? " NOT NULL" : "";
    return `${q(c.name)} ${duckdbType[c.kind]}${notNull}`;
  });
  cols.push(`"batch_id" VARCHAR NOT NULL`);
  // No PRIMARY KEY: DuckDB's ART index made bulk inserts (and the commit) several times slower.
  // The load keeps natural keys unique instead: repeated keys within a file reject the batch, and
  // every stored row with a key the batch brings is deleted before the insert (ingest/write.ts).
  return `CREATE TABLE IF NOT EXISTS ${q(table.name)} (\n  ${cols.join(",\n  ")}\n)`;
}

export const batchTableDdl = batchTables.map(createBatchTableSql);
