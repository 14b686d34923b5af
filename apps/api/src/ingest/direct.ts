// The direct load: the files of a table whose headers matched the contract are read by one
// read_csv over their list, converted and inserted straight into the stored table in one pass
// (inside the call's transaction), instead of being staged in a TEMP table and copied. Any cell that would be a problem of its own stops the insert with a
// constant error (no value in it), and the caller falls back to staging, which words the report:
// a cell that did not convert, or free text that looks like an e-mail address or a CURP (the
// failing chunk never reaches the table). Rows inserted in one statement get consecutive rowids
// in list and file order, so a view over them gives every row its batch and line for the checks.
import type { DuckDBConnection } from "@duckdb/node-api";
import { derivedKeyColumn } from "@refugio/schemas";
import { storedColumns } from "../db/ddl";
import { raw, type TypedFile } from "./typed";
import { bind, q } from "./sql";
import { cellsSelect, groupCellsSelect, identifierTest, nativeColumns, type InspectedFile } from "./stage";

/** The direct load cannot vouch for this file: the call is staged instead. */
export class DirectRefused extends Error {}

/** The rows went in but a batch has problems (a count, a check): no other direct read would help. */
export class ProblemsFound extends DirectRefused {}

/** A file loaded directly: its stored rows are the rowids lo…hi. */
export interface DirectFile extends TypedFile {
  lo: bigint;
  hi: bigint;
}

// Constant messages: DuckDB's error text may be logged, so it never carries a cell.
const GUARDS = { cell: "refugio: a cell did not convert", identifier: "refugio: a cell looks like a direct identifier" };
const CELL = `error('${GUARDS.cell}')`;
const IDENTIFIER = `error('${GUARDS.identifier}')`;

/**
 * Whether the insert was stopped by a row (a guard above, or a required cell left empty): the same
 * row stops any other direct read too, so the call goes straight to staging.
 */
export function stoppedByRow(error: unknown): boolean {
  const message = String(error);
  return Object.values(GUARDS).some((g) => message.includes(g)) || /NOT NULL constraint failed/.test(message);
}

/** Whether a file can be loaded directly (derived ids, such as response ids, are made only when staging). */
export function directLoadable(f: InspectedFile): boolean {
  const derived = derivedKeyColumn(f.table);
  return derived === null || f.mapping.has(derived);
}

/** One file of a direct load: its batch (`b`, index in the call), shelter and batch id. */
export interface DirectMember {
  b: number;
  f: InspectedFile;
  shelterCode: string;
  batchId: string;
  /** Name of the TEMP view of the file's loaded rows. */
  view: string;
}

/**
 * Inserts the rows of files of one table and one layout (`layoutKey`; or a single file) into
 * their stored table with ONE `INSERT` over one read of the file list (caller's transaction), and
 * returns, per file, a view of its rows shaped like a staged table. Rows of one statement come in
 * list order and file order, with consecutive rowids (checked: each batch's rows are found by its
 * batch id). Throws (DuckDB's error or DirectRefused) when the files need the staged path; the
 * caller rolls back.
 */
export async function loadDirect(conn: DuckDBConnection, members: readonly DirectMember[], opts: { /** Let DuckDB's CSV parser type booleans and dates. */ native: boolean }): Promise<DirectFile[]> {
  const [first] = members;
  if (!first) return [];
  const f = first.f;
  const table = q(f.table.name);
  const cols = storedColumns(f.table);
  const native = opts.native ? nativeColumns(f) : new Map<number, "BOOLEAN" | "DATE">();
  const guarded = cols.map((c) => {
    const name = q(c.name);
    const at = f.mapping.get(c.name);
    if (!at) return name;
    // Our converter takes years 1900–2100 only; the parser takes any.
    if (native.get(at.position) === "DATE") return `CASE WHEN year(${name}) NOT BETWEEN 1900 AND 2100 THEN ${CELL} ELSE ${name} END`;
    if (native.has(at.position)) return name;
    const identifier = c.kind === "text" ? ` WHEN ${identifierTest(raw(c.name))} THEN ${IDENTIFIER}` : "";
    return `CASE WHEN ${name} IS NULL AND ${raw(c.name)} IS NOT NULL THEN ${CELL}${identifier} ELSE ${name} END`;
  });
  // Row ids of rows added in a transaction are above 2^53: read as bigint, never as numbers.
  const bigints = async (sql: string, params?: Record<string, string>) => (await conn.runAndReadAll(sql, params)).getRows() as (bigint | string | null)[][];
  const prev = BigInt((await bigints(`SELECT coalesce(max(rowid), -1) FROM ${table}`))[0]?.[0] ?? -1n);
  const listed = members.length > 1;
  const cells = listed
    ? groupCellsSelect(
        members.map((m) => m.f),
        members.map((m) => m.shelterCode),
        native,
      )
    : cellsSelect(f, first.shelterCode, native);
  const params: Record<string, string> = { ...cells.params };
  members.forEach((m, i) => (params[`batch${i}`] = m.batchId));
  const batch = listed ? `[${members.map((_, i) => `$batch${i}`).join(", ")}]["$fi" + 1]` : "$batch0";
  const sql = `INSERT INTO ${table} (${cols.map((c) => q(c.name)).join(", ")}, batch_id)
    SELECT ${guarded.join(", ")}, CAST(${batch} AS VARCHAR) FROM (${cells.sql})`;
  const inserted = Number((await conn.run(sql, bind(sql, params))).rowsChanged);
  // Each file's rows, by its batch id (one file per table and batch): the lines below rest on
  // them being consecutive, in list order, with nothing else after them.
  const ranges = await bigints(
    `SELECT batch_id, min(rowid), max(rowid), count(*) FROM ${table} WHERE rowid > ${prev} GROUP BY batch_id`,
  );
  const byBatch = new Map(ranges.map(([id, lo, hi, n]) => [String(id), { lo: BigInt(lo ?? 0), hi: BigInt(hi ?? -1), n: BigInt(n ?? 0) }]));
  let next = BigInt(prev) + 1n;
  let total = 0n;
  const out: DirectFile[] = [];
  for (const m of members) {
    const r = byBatch.get(m.batchId) ?? { lo: next, hi: next - 1n, n: 0n };
    if (r.hi - r.lo + 1n !== r.n || (r.n > 0n && r.lo < next)) throw new DirectRefused("rows are not consecutive");
    if (r.n > 0n) next = r.hi + 1n;
    total += r.n;
    const cellList = cols.map((c) => `${q(c.name)}, CAST(NULL AS VARCHAR) AS ${raw(c.name)}`).join(", ");
    // Views take no parameters: lo and hi are DuckDB's own integers.
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${q(m.view)} AS SELECT ${cellList}, rowid AS "$rowid" FROM ${table} WHERE rowid BETWEEN ${r.lo} AND ${r.hi}`);
    out.push({
      file: m.f.file,
      fi: m.f.fi,
      table: m.f.table,
      baseTable: m.view,
      typedTable: m.view,
      present: new Set(m.f.mapping.keys()),
      identifierColumns: new Set(),
      rows: Number(r.n),
      firstLine: m.f.firstLine,
      lineOf: (alias) => `${alias}"$rowid" - ${r.lo} + ${m.f.firstLine}`,
      converted: true,
      lo: r.lo,
      hi: r.hi,
      shared: { relation: m.f.table.name, key: "batch_id", keyValue: m.batchId, lo: r.lo, hi: r.hi },
    });
  }
  if (total !== BigInt(inserted) || byBatch.size > members.length) throw new DirectRefused("rows are not consecutive");
  return out;
}
