// Row-level check of one table's rows, as read from a CSV (all cells strings). The dashboard
// runs it in the browser before upload; the ingester uses normaliseRow and the same normaliseMessages.
import { isPseudonymousKey, tableByName, type ColumnDef, type TableDef, type TableName } from "../contract/tables";
import { normaliseMessages, type Bilingual, type ParseResult } from "./messages";
import { suspectIdentifierColumn } from "./identifiers";
import { parseBoolean, parseCode, parseDate, parseDecimal, parseInteger, parseSurveyAnswer, type RawCell } from "./parse";
import { cellText, foldText } from "./text";
import { NOM217_TABLE_SIZES, type Nom217Table } from "../reference/nom217-types";

export interface RowProblem {
  table: string;
  /** Line in the file: the header is line 1, the first data row line 2. */
  line: number;
  /** Contract column name, or the header as sent for unknown columns; null for the whole table. */
  column: string | null;
  reason: Bilingual;
}

export type CellValue = string | number | boolean | null;
export type NormalisedRow = Record<string, CellValue>;

const MAX_TEXT = 200;

/** Header as sent → contract column name: BOM and spaces dropped, lower-case. */
export function normaliseColumnName(raw: string): string {
  return foldText(raw.replace(/^\uFEFF/, "")).replace(/ /g, "_");
}

function checkRange(col: ColumnDef, n: number): Bilingual | null {
  if (col.min !== undefined && n < col.min) return normaliseMessages.belowMin(col.min);
  if (col.max !== undefined && n > col.max) return normaliseMessages.aboveMax(col.max);
  return null;
}

/** Parses one cell according to its column descriptor (empty → null; required checked here). */
export function parseCell(table: TableDef, col: ColumnDef, raw: RawCell): ParseResult<CellValue> {
  let r: ParseResult<CellValue>;
  switch (col.kind) {
    case "boolean":
      r = parseBoolean(raw);
      break;
    case "date":
      r = parseDate(raw);
      break;
    case "integer":
      r = parseInteger(raw);
      break;
    case "number":
      r = parseDecimal(raw);
      break;
    case "code":
      r = col.codes ? parseCode(col.codes, raw) : { ok: false, reason: normaliseMessages.unknownCodeList(col.name) };
      break;
    case "text": {
      const s = cellText(raw);
      if (s !== null && s.length > MAX_TEXT) return { ok: false, reason: normaliseMessages.textTooLong(MAX_TEXT) };
      r = { ok: true, value: s };
      if (s !== null && col.format === "pseudonymous_key" && !isPseudonymousKey(s)) return { ok: false, reason: normaliseMessages.notPseudonymousKey() };
      if (s !== null && table.name === "recommendations" && col.name === "linked_indicators") {
        const codes = s.split("|").map((x) => x.trim()).filter(Boolean);
        r = codes.every((x) => /^[a-z0-9_]+$/.test(x))
          ? { ok: true, value: codes.join("|") }
          : { ok: false, reason: normaliseMessages.badCodeFormat() };
      }
      if (s !== null && table.name === "coordinator_surveys") {
        if (col.name === "answer") r = parseSurveyAnswer(s);
        if (col.name === "question_code") {
          const q = foldText(s);
          r = /^[a-z0-9_]+$/.test(q) ? { ok: true, value: q } : { ok: false, reason: normaliseMessages.badCodeFormat() };
        }
      }
      break;
    }
  }
  if (!r.ok) return r;
  if (r.value === null) return col.required ? { ok: false, reason: normaliseMessages.required() } : r;
  if (typeof r.value === "number") {
    const range = checkRange(col, r.value);
    if (range) return { ok: false, reason: range };
  }
  return r;
}

/**
 * Normalises one row (keys already contract column names). Returns the typed row and the
 * problems, each with the column it concerns. Columns absent from the row are null.
 */
export function normaliseRow(
  table: TableDef,
  raw: Readonly<Record<string, RawCell>>,
): { row: NormalisedRow; problems: { column: string; reason: Bilingual }[] } {
  const row: NormalisedRow = {};
  const problems: { column: string; reason: Bilingual }[] = [];
  for (const col of table.columns) {
    const r = parseCell(table, col, raw[col.name]);
    if (r.ok) row[col.name] = r.value;
    else {
      row[col.name] = null;
      problems.push({ column: col.name, reason: r.reason });
    }
  }
  // Date order within a row (admission ≤ exit; opened ≤ closed).
  for (const [earlier, later] of [
    ["admission_date", "exit_date"],
    ["opened_on", "closed_on"],
  ] as const) {
    const a = row[earlier];
    const b = row[later];
    if (typeof a === "string" && typeof b === "string" && b < a) {
      problems.push({ column: later, reason: normaliseMessages.dateOrder(earlier, later) });
    }
  }
  // A checklist item must exist in its NOM-217 table (A2 has 16 items, not 40).
  const checklist = row.table;
  const itemNo = row.item_no;
  if (table.name === "compliance_checks" && typeof checklist === "string" && typeof itemNo === "number") {
    const size = NOM217_TABLE_SIZES[checklist as Nom217Table];
    if (size !== undefined && itemNo > size) {
      problems.push({ column: "item_no", reason: normaliseMessages.unknownChecklistItem(checklist, size) });
    }
  }
  return { row, problems };
}

/** Natural key used to find repeated rows within one file. */
function rowKey(table: TableDef, row: NormalisedRow): string | null {
  const cols = table.columns.some((c) => c.name === "shelter_code") && !table.key.includes("shelter_code")
    ? ["shelter_code", ...table.key]
    : [...table.key];
  const parts = cols.map((c) => row[c]);
  // A key with an empty part (e.g. a survey response without id) cannot be compared.
  if (parts.some((p) => p === null || p === undefined)) return null;
  return JSON.stringify(parts);
}

export interface ValidateRowsOptions {
  /** Line number of the first data row (default 2: after the header). */
  firstLine?: number;
  /** File line of each row (from parseDelimited); overrides firstLine. */
  lineNumbers?: readonly number[];
  /** Stop after this many problems (the browser may want a bound; default: all). */
  maxProblems?: number;
}

/**
 * Checks rows of one contract table as read from a file (header → cell text). Reports unknown
 * columns (with the identifier guard's message where it applies), missing required columns,
 * every cell that does not parse, repeated natural keys and misordered dates.
 */
export function validateRows(
  tableName: string,
  rows: readonly Readonly<Record<string, string>>[],
  options: ValidateRowsOptions = {},
): RowProblem[] {
  const firstLine = options.firstLine ?? 2;
  const max = options.maxProblems ?? Number.POSITIVE_INFINITY;
  const problems: RowProblem[] = [];
  const push = (p: RowProblem) => {
    if (problems.length < max) problems.push(p);
  };
  const table = Object.hasOwn(tableByName, tableName) ? tableByName[tableName as TableName] : undefined;
  if (!table) {
    push({ table: tableName, line: 0, column: null, reason: normaliseMessages.unknownTable(tableName) });
    return problems;
  }

  // Headers: the union of keys over the rows (CSV readers give every row every header).
  const headers: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!headers.includes(k)) headers.push(k);
  const known = new Set(table.columns.map((c) => c.name));
  const mapping = new Map<string, string>(); // header as sent → contract column
  const seen = new Map<string, string>();
  for (const h of headers) {
    const name = normaliseColumnName(h);
    if (known.has(name)) {
      if (seen.has(name)) {
        push({ table: table.name, line: 1, column: h, reason: normaliseMessages.duplicateColumn(name) });
        continue;
      }
      seen.set(name, h);
      mapping.set(h, name);
      continue;
    }
    if (cellText(h) === null && rows.every((r) => cellText(r[h]) === null)) continue; // trailing empty column
    const sample = rows.slice(0, 200).map((r) => r[h] ?? "");
    const guard = suspectIdentifierColumn(h, sample, { table: table.name as TableName });
    push({ table: table.name, line: 1, column: h, reason: guard ? guard.reason : normaliseMessages.unknownColumn(h, table.name) });
  }
  // Identifier-looking values inside declared columns (e-mail, CURP) fail the batch too.
  for (const [h, name] of mapping) {
    const guard = suspectIdentifierColumn(name, rows.map((r) => r[h] ?? ""), { table: table.name as TableName });
    if (!guard) continue;
    // The line of the first such value (as the server reports it), never the value.
    const at = rows.findIndex((r) => suspectIdentifierColumn(name, [r[h] ?? ""], { table: table.name as TableName }) !== null);
    push({ table: table.name, line: options.lineNumbers?.[at] ?? firstLine + at, column: name, reason: guard.reason });
  }
  if (rows.length > 0) {
    for (const col of table.columns) {
      if (col.required && !seen.has(col.name)) {
        push({ table: table.name, line: 1, column: col.name, reason: normaliseMessages.missingColumn(col.name) });
      }
    }
  }

  const keyLines = new Map<string, number>();
  rows.forEach((r, i) => {
    const line = options.lineNumbers?.[i] ?? firstLine + i;
    const renamed: Record<string, string> = {};
    for (const [h, name] of mapping) renamed[name] = r[h] ?? "";
    const { row, problems: rowProblems } = normaliseRow(table, renamed);
    for (const p of rowProblems) {
      // A missing required column is reported once on the header, not on every line.
      if (!seen.has(p.column) && p.reason.en === normaliseMessages.required().en) continue;
      push({ table: table.name, line, column: p.column, reason: p.reason });
    }
    const key = rowKey(table, row);
    if (key !== null) {
      const before = keyLines.get(key);
      if (before !== undefined) push({ table: table.name, line, column: null, reason: normaliseMessages.duplicateKey(table.key, before) });
      else keyLines.set(key, line);
    }
  });
  return problems;
}
