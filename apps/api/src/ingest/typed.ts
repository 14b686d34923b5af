// The typed relation of a table's rows: per contract column the typed value (`col`, NULL when
// the cell did not convert) and the text as sent (`col$raw`, only for cells that did not convert),
// as built by staging (stage.ts) and read by the checks (checks.ts) and the writes (write.ts).
import type { TableDef } from "@refugio/schemas";
import { duckdbType, storedColumns } from "../db/ddl";
import type { BatchFile } from "./files";
import { q, typedExpr } from "./sql";

export interface StagedFile {
  file: BatchFile;
  /** Index of the file in the report's file list (problems carry it from SQL). */
  fi: number;
  table: TableDef;
  /** TEMP table of typed cells (`col`) and cells as sent (`col$raw`), in file order. */
  baseTable: string;
  /** Contract columns present in the file (including shelter_code where the file has it). */
  present: Set<string>;
  /** Columns whose values look like direct identifiers: their values are never reported. */
  identifierColumns: Set<string>;
  rows: number;
  /** Line of the first row: 2 after a CSV header, else 1. */
  firstLine: number;
  /** Set when the file's rows share one relation with the other files of its table in the call. */
  shared?: SharedRows;
}

/**
 * The rows of every file of one table in a call, held once: the TEMP staging table (each row with
 * its batch `b`) or, loaded directly, the stored table (each row with its `batch_id`). A file's
 * rows are the rowids `lo`…`hi`; the checks read all files through one view of these ranges.
 */
export interface SharedRows {
  relation: string;
  key: "b" | "batch_id";
  /** The file's value of the key column (its batch index, or its batch id). */
  keyValue: number | string;
  lo: bigint;
  hi: bigint;
}

export interface TypedFile extends StagedFile {
  /** The relation of typed cells (`col`, `col$raw`): a staged TEMP table, or a view over the rows loaded directly. */
  typedTable: string;
  /** The line of a row of `typedTable` (alias with its dot, or ""): staged rows in file order have it as rowid + firstLine. */
  lineOf: (alias: string) => string;
  /** Loaded directly: every cell converted and every required cell is present (nothing to check per cell). */
  converted?: true;
}

/** The cell columns of a typed relation, in order (`col`, `col$raw`, …), optionally qualified. */
export function cellColumns(table: TableDef, alias = ""): string {
  return storedColumns(table)
    .map((c) => `${alias}${q(c.name)}, ${alias}${raw(c.name)}`)
    .join(", ");
}

/** The column holding a cell as sent (`col$raw`), quoted. */
export const raw = (c: string) => q(`${c}$raw`);

/** The value a problem shows: the text as sent when it did not convert, else the stored value. */
export const shown = (c: string, alias = "") => `COALESCE(${alias}${raw(c)}, CAST(${alias}${q(c)} AS VARCHAR))`;

/**
 * SELECT list of the typed table over a source whose columns are the cleaned cells (or, for
 * `parsed` columns, values DuckDB's CSV parser typed), named after the contract: `col` typed (NULL
 * when it does not convert) and `col$raw` as sent. The caller keeps `col$raw` only where `col` is
 * NULL (see `typedOuter`): the text of cells that converted is not needed twice.
 */
export function typedSelect(table: TableDef, present: ReadonlySet<string>, parsed: ReadonlySet<string> = new Set(), shelter = "CAST($shelter AS VARCHAR)"): string {
  const select: string[] = [];
  for (const col of storedColumns(table)) {
    const name = q(col.name);
    if (parsed.has(col.name)) {
      // Already typed by DuckDB's CSV parser (a cell it could not read failed the read).
      select.push(`r.${name} AS ${name}`, `CAST(NULL AS VARCHAR) AS ${raw(col.name)}`);
    } else if (present.has(col.name)) {
      const ref = `r.${name}`;
      select.push(`${typedExpr(table, col, ref)} AS ${name}`, `${ref} AS ${raw(col.name)}`);
    } else if (col.name === "shelter_code") {
      // Implied by the manifest for tables whose files need not repeat it.
      select.push(`${shelter} AS ${name}`, `CAST(NULL AS VARCHAR) AS ${raw(col.name)}`);
    } else {
      select.push(`CAST(NULL AS ${duckdbType[col.kind]}) AS ${name}`, `CAST(NULL AS VARCHAR) AS ${raw(col.name)}`);
    }
  }
  return select.join(", ");
}

/** Outer SELECT list over `typedSelect`: `col$raw` kept only for cells that did not convert. */
export function typedOuter(table: TableDef): string {
  return storedColumns(table)
    .map((col) => `${q(col.name)}, CASE WHEN ${q(col.name)} IS NULL THEN ${raw(col.name)} END AS ${raw(col.name)}`)
    .join(", ");
}

