// Reads one batch file into a TEMP staging table of text cells (one column per contract column
// found, named from the descriptor), with the line of every row. Columns are addressed by
// position (#n) or as a parameter (JSON keys), so headers as sent never reach SQL text.
// Columns that are not in the contract are never staged: they reject the batch, and only a
// sample of their values is read into memory to tell an identifier from a stray column.
import { readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { normaliseMessages as messages, normaliseColumnName, suspectIdentifierColumn, type TableDef, type TableName } from "@refugio/schemas";
import { all } from "../db/query";
import { storedColumns } from "../db/ddl";
import type { BatchFile } from "./files";
import { firstRaggedLine, headerFieldCount } from "./lines";
import { ingestMessages } from "./messages";
import { typedOuter, typedSelect, type StagedFile } from "./typed";
import { bind, IDENTIFIER_VALUE_RE, q } from "./sql";
import type { Problem } from "./problems";

const SAMPLE = 200;

/** CSV columns DuckDB may parse itself (1-based position → type): see `nativeColumns`. */
export type NativeTypes = ReadonlyMap<number, "BOOLEAN" | "DATE">;

/**
 * The read of a file, or (`paths`, CSV files of one layout: see `sameLayout`) of several files in
 * one `read_csv` over the list, whose `file_index` tells the file of each row.
 */
function reader(file: BatchFile, native: NativeTypes = new Map(), paths?: readonly string[]): { from: string; params: Record<string, string>; firstLine: number } {
  if (paths && file.format === "csv") {
    const one = reader(file, native);
    const params: Record<string, string> = { delim: one.params.delim ?? "," };
    paths.forEach((p, i) => (params[`path${i}`] = p));
    return { ...one, from: one.from.replace("read_csv($path,", `read_csv([${paths.map((_, i) => `$path${i}`).join(", ")}],`), params };
  }
  switch (file.format) {
    case "csv": {
      // With the header read in JS (files.ts csvHeader) DuckDB need not sniff the file (20–45 ms a
      // large file, on every read): the columns are given, under generated names (c1, c2, …: the
      // headers as sent never reach SQL text; cells are picked by position). Without it, the sniffer.
      const types = file.header?.map((_, i) => `'c${i + 1}': '${native.get(i + 1) ?? "VARCHAR"}'`);
      const fixed = types ? `auto_detect=false, columns={${types.join(", ")}}${[...native.values()].includes("DATE") ? ", dateformat='%Y-%m-%d'" : ""}` : "all_varchar=true";
      return {
        // DuckDB's parallel reader refuses quoted line breaks together with null_padding.
        from: `read_csv($path, ${fixed}, header=true, delim=$delim, quote='"', escape='"', comment='', null_padding=true${file.lineMap?.multiline ? ", parallel=false" : ""})`,
        params: { path: file.path, delim: file.delimiter ?? "," },
        firstLine: 2,
      };
    }
    case "parquet":
      return { from: `read_parquet($path)`, params: { path: file.path }, firstLine: 1 };
    case "jsonl":
      return { from: `read_json_objects($path, format='newline_delimited')`, params: { path: file.path }, firstLine: 1 };
  }
}

/** The file's column names; for JSON lines, also the record each key first appears in (its line). */
async function headers(conn: DuckDBConnection, file: BatchFile): Promise<{ names: string[]; firstSeen?: Map<string, number> }> {
  const r = reader(file);
  if (file.format === "jsonl") {
    const rows = await all<{ k: string; n: number }>(
      conn,
      `SELECT k, CAST(min(n) AS INTEGER) AS n FROM (SELECT unnest(json_keys(json)) AS k, row_number() OVER () AS n FROM ${r.from}) GROUP BY k ORDER BY min(n)`,
      r.params,
    );
    return { names: rows.map((x) => x.k), firstSeen: new Map(rows.map((x) => [x.k, x.n])) };
  }
  // Read from the bytes as DuckDB's sniffer would name the columns (see csvHeader).
  if (file.format === "csv" && file.header) return { names: file.header };
  const reader0 = await conn.runAndReadAll(`SELECT * FROM ${r.from} LIMIT 0`, r.params);
  return { names: reader0.columnNames() };
}

/** Expression of the i-th column (1-based) of the file as text. */
function cellRef(file: BatchFile, position: number, header: string, params: Record<string, string>): string {
  if (file.format === "jsonl") {
    params[`k${position}`] = header;
    return `json_extract_string(json, $k${position})`;
  }
  return `#${position}`;
}

/** E-mail or CURP in a cell; the cheap pre-test (an @, or 18+ characters) spares most cells the regex. */
// The pattern is our constant, inlined so DuckDB compiles it once (a parameter is not folded).
const identifierRe = `'${IDENTIFIER_VALUE_RE.replaceAll("'", "''")}'`;
export const identifierTest = (cell: string) => `((contains(${cell}, '@') OR length(${cell}) >= 18) AND regexp_matches(${cell}, ${identifierRe}))`;

/**
 * The identifier test of one column. Free text is scanned in full; a typed column can only hold
 * an identifier in a cell that failed to convert (and would otherwise be echoed in a problem).
 */
function scanned(table: TableDef, name: string): string {
  const raw = q(`${name}$raw`);
  const kind = storedColumns(table).find((c) => c.name === name)?.kind;
  return kind === "text" ? identifierTest(`COALESCE(${raw}, ${q(name)})`) : `(${raw} IS NOT NULL AND ${identifierTest(raw)})`;
}

/** Errors about the file itself (unreadable CSV, Parquet or JSON), as opposed to our own SQL. */
function isInputError(error: unknown): boolean {
  return /Invalid Input Error|IO Error|Conversion Error/.test(String(error));
}

function lineOf(message: string): number | null {
  // DuckDB's CSV errors say "Line: N" (the SQL echo says "LINE 1:", which is not the file's).
  const m = /\bLine: (\d+)/.exec(message);
  return m ? Number(m[1]) : null;
}

/** A file whose header was read and matched to the contract (nothing staged yet). */
export interface InspectedFile {
  file: BatchFile;
  /** Index of the file in the report's file list (problems carry it from SQL). */
  fi: number;
  table: TableDef;
  /** Contract column → its position (1-based) and header as sent. */
  mapping: Map<string, { position: number; header: string }>;
  /** Line of the first row: 2 after a CSV header, else 1. */
  firstLine: number;
  /** A required column is missing (reported): checks that need this table's rows are skipped. */
  incomplete: boolean;
}

/**
 * Reads the header and matches it to the contract: unknown columns (an identifier-looking one
 * says so), repeated and missing required columns become problems. Null when the file cannot be read.
 */
export async function inspectFile(conn: DuckDBConnection, file: BatchFile, table: TableDef, fi: number, problems: Problem[]): Promise<InspectedFile | null> {
  const problem = (p: Omit<Problem, "fi" | "severity">) => problems.push({ fi, severity: "error", ...p });
  let names: string[];
  let firstSeen: Map<string, number> | undefined;
  try {
    ({ names, firstSeen } = await headers(conn, file));
  } catch (error) {
    const unreadable = unreadableProblem(error, file);
    if (!unreadable) throw error;
    problem(unreadable);
    return null;
  }
  const known = new Set(storedColumns(table).map((c) => c.name));
  const mapping = new Map<string, { position: number; header: string }>();
  const r = reader(file);
  let bytes: Buffer | undefined;
  for (const [i, header] of names.entries()) {
    const position = i + 1;
    const name = normaliseColumnName(header);
    if (known.has(name)) {
      if (mapping.has(name)) problem({ line: 1, column: header, value: null, reason: messages.duplicateColumn(name) });
      else mapping.set(name, { position, header });
      continue;
    }
    // A column we do not know: read a sample (into memory only) to tell an identifier apart.
    const params = { ...r.params };
    const ref = cellRef(file, position, header, params);
    const sample = await all<{ v: string | null }>(conn, `SELECT refugio_cell(v) AS v FROM (SELECT ${ref} AS v FROM ${r.from} LIMIT ${SAMPLE})`, params).catch(() => []);
    const values = sample.map((s) => s.v ?? "");
    // Spreadsheets often leave a trailing separator: an unnamed, empty column is not a problem.
    if (/^(column\d+)?$/i.test(header.trim()) && values.every((v) => v === "")) continue;
    // A column past the header's own fields was added by DuckDB's sniffer for a row with too many.
    if (file.format === "csv" && /^column\d+$/i.test(header.trim())) {
      // Read once, however many columns the sniffer added.
      bytes ??= readFileSync(file.path);
      const columns = headerFieldCount(bytes, file.delimiter ?? ",");
      if (position > columns) {
        if (position === columns + 1) problem({ line: firstRaggedLine(bytes, file.delimiter ?? ","), column: null, value: null, reason: ingestMessages.extraFields(columns) });
        continue;
      }
    }
    const guard = suspectIdentifierColumn(header, values, { table: table.name as TableName });
    problem({ line: firstSeen?.get(header) ?? 1, column: header, value: null, reason: guard ? guard.reason : messages.unknownColumn(header, table.name) });
  }
  const missing = table.columns.filter((col) => col.required && !mapping.has(col.name));
  for (const col of missing) problem({ line: 1, column: col.name, value: null, reason: messages.missingColumn(col.name) });
  return { file, fi, table, mapping, firstLine: r.firstLine, incomplete: missing.length > 0 };
}

/**
 * One pass over the file: cells picked by position, cleaned, converted; per contract column the
 * typed value (`col`) and the text as sent (`col$raw`), in file order. (Positional references
 * cannot go into macros, hence the nesting.) Used by staging and by the direct load.
 */
export function cellsSelect(f: InspectedFile, shelterCode: string, native: NativeTypes = new Map()): { sql: string; params: Record<string, string> } {
  return groupCellsSelect([f], [shelterCode], native, false);
}

/**
 * `cellsSelect` over several files of one layout (`sameLayout`) in one read: each row also carries
 * `"$fi"`, the index of its file in `files` (0-based), and the shelter implied by its file's batch.
 * Rows come in list order, each file's in file order.
 */
export function groupCellsSelect(files: readonly InspectedFile[], shelterCodes: readonly string[], native: NativeTypes = new Map(), listed = true): { sql: string; params: Record<string, string> } {
  const [f] = files;
  if (!f) throw new Error("groupCellsSelect: no file");
  const r = reader(f.file, native, listed ? files.map((x) => x.file.path) : undefined);
  const params: Record<string, string> = { ...r.params };
  const picked = [...f.mapping].map(([, { position, header }]) => `${cellRef(f.file, position, header, params)} AS c${position}`);
  const cleaned = [...f.mapping].map(([name, { position }]) => (native.has(position) ? `c${position}` : `refugio_cell(c${position})`) + ` AS ${q(name)}`);
  if (listed) {
    picked.push(`CAST(file_index AS BIGINT) AS "$fi"`);
    cleaned.push(`"$fi"`);
    shelterCodes.forEach((s, i) => (params[`shelter${i}`] = s));
  } else params.shelter = shelterCodes[0] ?? "";
  const shelter = listed ? `CAST([${shelterCodes.map((_, i) => `$shelter${i}`).join(", ")}][r."$fi" + 1] AS VARCHAR)` : undefined;
  const parsed = new Set([...f.mapping].filter(([, { position }]) => native.has(position)).map(([name]) => name));
  const sql = `SELECT ${typedSelect(f.table, new Set(f.mapping.keys()), parsed, shelter)}${listed ? `, r."$fi"` : ""} FROM (
    SELECT ${cleaned.length ? cleaned.join(", ") : "1 AS _empty"} FROM (SELECT ${picked.length ? picked.join(", ") : "1 AS _empty"} FROM ${r.from})) AS r`;
  return { sql, params };
}

/** The files in order, in runs of consecutive files of one layout (each run: one read). */
export function layoutRuns<M extends { f: InspectedFile }>(members: readonly M[]): M[][] {
  const runs: M[][] = [];
  for (const m of members) {
    const last = runs.at(-1);
    const key = layoutKey(m.f);
    if (last?.[0] && key !== null && layoutKey(last[0].f) === key) last.push(m);
    else runs.push([m]);
  }
  return runs;
}

/**
 * Files one `read_csv` over their list can read as one (`groupCellsSelect`): CSV with the header
 * read in JavaScript, the same delimiter, the same number of columns and the contract columns at
 * the same positions. A file with a quoted line break is read on its own (parallel=false).
 */
export function layoutKey(f: InspectedFile): string | null {
  const file = f.file;
  if (file.format !== "csv" || !file.header || file.lineMap?.multiline) return null;
  return JSON.stringify([f.table.name, file.delimiter ?? ",", file.header.length, [...f.mapping].map(([name, { position }]) => [name, position])]);
}

/**
 * The columns of a CSV that DuckDB's own parser may read: booleans, and dates as YYYY-MM-DD. What
 * it accepts there our converters accept too, with the same value (measured; years outside
 * 1900–2100 are guarded by the caller), so a file it reads needs no text conversion for them.
 * Anything else it accepts more loosely (`1.5` into an integer rounds to 2; `1e3`, `0x1F`,
 * `2024/01/05`, `inf`), so those stay text. A cell it refuses fails the whole read: the caller
 * then reads the file as text.
 */
export function nativeColumns(f: InspectedFile): NativeTypes {
  const out = new Map<number, "BOOLEAN" | "DATE">();
  if (f.file.format !== "csv" || !f.file.header) return out;
  for (const col of storedColumns(f.table)) {
    const at = f.mapping.get(col.name);
    if (at && col.kind === "boolean") out.set(at.position, "BOOLEAN");
    if (at && col.kind === "date") out.set(at.position, "DATE");
  }
  return out;
}

/** A problem for a file DuckDB refused to read (with the line when it can be found). */
export function unreadableProblem(error: unknown, file: BatchFile): Omit<Problem, "fi" | "severity"> | null {
  if (!isInputError(error)) return null;
  let line = lineOf(String(error));
  // DuckDB's "Line: N" counts records (the header is 1): the line map gives the line an editor shows.
  if (line !== null && line >= 2 && file.lineMap) line = file.lineMap.line(line - 2);
  if (line === null && file.format === "csv") line = firstRaggedLine(readFileSync(file.path), file.delimiter ?? ",");
  const columns = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(String(error));
  const reason = /Maximum line size/.test(String(error))
    ? ingestMessages.lineTooLong(line)
    : columns && Number(columns[2]) > Number(columns[1])
      ? ingestMessages.extraFields(Number(columns[1]))
      : ingestMessages.unreadable(line);
  return { line, column: null, value: null, reason };
}

/** Stages an inspected file into the TEMP table `baseTable` (see StagedFile). */
export async function stageInspected(conn: DuckDBConnection, f: InspectedFile, baseTable: string, shelterCode: string, problems: Problem[]): Promise<StagedFile | null> {
  const cells = cellsSelect(f, shelterCode);
  // A projection keeps file order, so the table's rowid gives the line without a window.
  const sql = `CREATE OR REPLACE TEMP TABLE ${q(baseTable)} AS SELECT ${typedOuter(f.table)} FROM (${cells.sql})`;
  // CREATE TABLE … AS answers with its row count (a count(*) afterwards cost ~1.3 ms a file).
  let rows = 0;
  try {
    const created = await conn.runAndReadAll(sql, bind(sql, cells.params));
    rows = Number(created.getRows()[0]?.[0] ?? 0);
  } catch (error) {
    const problem = unreadableProblem(error, f.file);
    if (!problem) throw error;
    problems.push({ fi: f.fi, severity: "error", ...problem });
    return null;
  }
  // Identifier-looking values inside contract columns: see scanIdentifiers (one query for all files).
  return { file: f.file, fi: f.fi, table: f.table, baseTable, present: new Set(f.mapping.keys()), identifierColumns: new Set(), rows, firstLine: f.firstLine };
}

/** One file to stage with others of its table: its batch (`b`) and the shelter its batch implies. */
export interface StageMember {
  b: number;
  f: InspectedFile;
  shelterCode: string;
  /** Name of the TEMP view of the file's staged rows. */
  view: string;
}

/** A member's outcome: its staged rows, or the problem that it could not be read. */
export type StageOutcome = { staged: StagedFile } | { problem: Problem };

/**
 * Stages every file of one table in the call into ONE TEMP table (`name`), each run of files of
 * one layout (`layoutKey`) by one read over their list, with the batch (`b`) of every row and
 * per file a view of its rows (consecutive rowids, in file order). The checks read the TEMP
 * table itself, through a view of the rowid ranges: the rows are held once. A read DuckDB
 * refuses is read again file by file, to tell which file it was.
 */
export async function stageTable(conn: DuckDBConnection, members: readonly StageMember[], name: string): Promise<Map<StageMember, StageOutcome>> {
  const out = new Map<StageMember, StageOutcome>();
  const [first] = members;
  if (!first) return out;
  const table = first.f.table;
  const groups = layoutRuns(members);
  let created = false;
  const read = async (group: readonly StageMember[]): Promise<void> => {
    const cells =
      group.length > 1
        ? groupCellsSelect(
            group.map((m) => m.f),
            group.map((m) => m.shelterCode),
          )
        : cellsSelect(group[0]?.f ?? first.f, group[0]?.shelterCode ?? "");
    const bs = `[${group.map((m) => m.b).join(", ")}]`;
    const select = `SELECT ${typedOuter(table)}, CAST(${group.length > 1 ? `${bs}["$fi" + 1]` : String(group[0]?.b ?? 0)} AS INTEGER) AS b FROM (${cells.sql})`;
    // A projection keeps list and file order, so rowids give each file's lines without a window.
    const sql = created ? `INSERT INTO ${q(name)} ${select}` : `CREATE OR REPLACE TEMP TABLE ${q(name)} AS ${select}`;
    await conn.run(sql, bind(sql, cells.params));
    created = true;
  };
  for (const group of groups) {
    try {
      await read(group);
      continue;
    } catch (error) {
      if (!unreadableProblem(error, group[0]?.f.file ?? first.f.file)) throw error;
    }
    // Which file DuckDB refused: each on its own (the readable ones are staged as usual).
    for (const m of group) {
      try {
        await read([m]);
      } catch (error) {
        const problem = unreadableProblem(error, m.f.file);
        if (!problem) throw error;
        out.set(m, { problem: { fi: m.f.fi, severity: "error", ...problem } });
      }
    }
  }
  if (!created) return out;
  // Each file's rows: one file per table and batch, so by batch.
  const ranges = (await conn.runAndReadAll(`SELECT b, min(rowid), max(rowid), count(*) FROM ${q(name)} GROUP BY b`)).getRows() as (number | bigint | null)[][];
  const byBatch = new Map(ranges.map(([b, lo, hi, n]) => [Number(b), { lo: BigInt(lo ?? 0), hi: BigInt(hi ?? -1), n: BigInt(n ?? 0) }]));
  for (const m of members) {
    if (out.has(m)) continue;
    const r = byBatch.get(m.b) ?? { lo: 0n, hi: -1n, n: 0n };
    if (r.hi - r.lo + 1n !== r.n) throw new Error(`staging ${table.name}: the rows of a file are not consecutive`);
    // Views take no parameters: lo and hi are DuckDB's own integers.
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${q(m.view)} AS SELECT *, rowid AS "$rowid" FROM ${q(name)} WHERE rowid BETWEEN ${r.lo} AND ${r.hi}`);
    out.set(m, {
      staged: {
        file: m.f.file,
        fi: m.f.fi,
        table,
        baseTable: m.view,
        present: new Set(m.f.mapping.keys()),
        identifierColumns: new Set(),
        rows: Number(r.n),
        firstLine: m.f.firstLine,
        shared: { relation: name, key: "b", keyValue: m.b, lo: r.lo, hi: r.hi },
      },
    });
  }
  return out;
}

/** Inspects and stages one file (the registry import's path). */
export async function stageFile(
  conn: DuckDBConnection,
  file: BatchFile,
  table: TableDef,
  fi: number,
  baseTable: string,
  shelterCode: string,
  problems: Problem[],
): Promise<StagedFile | null> {
  const inspected = await inspectFile(conn, file, table, fi, problems);
  return inspected ? stageInspected(conn, inspected, baseTable, shelterCode, problems) : null;
}

/** A staged file to scan, the problem list of its batch and where its problems go in that list. */
export interface IdentifierScan {
  staged: StagedFile;
  problems: Problem[];
  /** Index in `problems` right after the file's own staging problems (keeps the report's order). */
  at: number;
}

/**
 * Identifier-looking values (e-mail, CURP) inside contract columns reject the batch too. One
 * query per table scans every staged file of the call (a query per file cost ~25 ms each);
 * the rare hits are read back per column, 20 values at most, to word the problem.
 */
export async function scanIdentifiers(conn: DuckDBConnection, scans: IdentifierScan[]): Promise<void> {
  const found: { scan: IdentifierScan; problem: Problem }[] = [];
  const byTable = new Map<string, IdentifierScan[]>();
  for (const x of scans) if (x.staged.present.size > 0) byTable.set(x.staged.table.name, [...(byTable.get(x.staged.table.name) ?? []), x]);
  for (const group of byTable.values()) {
    const table = group[0]?.staged.table;
    if (!table) continue;
    // The files' cells to scan are stacked first and tested once per column: a test per file and
    // column inlined its regex ~700 times in a 37-batch load (~2.6 s of planning).
    const cols = storedColumns(table);
    const selects = group.map(
      (x, k) =>
        `SELECT ${k} AS k, ${cols
          .map((c) => {
            if (!x.staged.present.has(c.name)) return `CAST(NULL AS VARCHAR) AS ${q(c.name)}`;
            const raw = q(`${c.name}$raw`);
            return `${c.kind === "text" ? `COALESCE(${raw}, ${q(c.name)})` : raw} AS ${q(c.name)}`;
          })
          .join(", ")} FROM ${q(x.staged.baseTable)}`,
    );
    const flags = await all<Record<string, boolean | number | null>>(
      conn,
      `SELECT k, ${cols.map((c) => `bool_or(${identifierTest(q(c.name))}) AS ${q(c.name)}`).join(", ")} FROM (${selects.join(" UNION ALL ")}) GROUP BY k`,
    );
    for (const row of flags) {
      const x = group[Number(row.k)];
      if (!x) continue;
      // The record's index in its file (a view of shared rows has them from its range's start).
      const record = x.staged.shared ? `"$rowid" - ${x.staged.shared.lo}` : "rowid";
      for (const name of x.staged.present) {
        if (!row[name]) continue;
        const hits = await all<{ r: number; v: string }>(
          conn,
          `SELECT CAST(${record} AS INTEGER) AS r, COALESCE(${q(`${name}$raw`)}, CAST(${q(name)} AS VARCHAR)) AS v FROM ${q(x.staged.baseTable)} WHERE ${scanned(table, name)} ORDER BY r LIMIT 20`,
        );
        // The first row that holds one (staged rows keep file order): its line, never its value.
        const first = hits[0]?.r;
        const lineMap = x.staged.file.lineMap;
        const line = first === undefined ? 1 : lineMap ? lineMap.line(first) : x.staged.firstLine + first;
        const guard = suspectIdentifierColumn(name, hits.map((h) => h.v), { table: table.name as TableName });
        x.staged.identifierColumns.add(name);
        found.push({
          scan: x,
          problem: {
            fi: x.staged.fi,
            severity: "error",
            line,
            column: name,
            value: null,
            reason: guard?.reason ?? {
              es: `la columna «${name}» contiene valores que parecen identificadores directos; el lote se rechaza y sus valores no se guardan ni se registran.`,
              en: `column "${name}" holds values that look like direct identifiers; the batch is rejected and its values are neither stored nor logged.`,
            },
          },
        });
      }
    }
  }
  // Insert from the last position backwards so earlier positions stay valid; columns keep file order.
  // (Same position: the later file first, so the earlier file's problems end up before it.)
  const ordered = found
    .map((f) => ({ ...f, n: scans.indexOf(f.scan), order: [...f.scan.staged.present].indexOf(f.problem.column ?? "") }))
    .sort((a, b) => b.scan.at - a.scan.at || b.n - a.n || b.order - a.order);
  for (const f of ordered) f.scan.problems.splice(f.scan.at, 0, f.problem);
}
