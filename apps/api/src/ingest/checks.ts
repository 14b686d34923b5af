// Set-based checks of a staged batch, run inside DuckDB: typed conversion of every cell, then
// one problem row per failed conversion or broken rule (UNION ALL), read back capped.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { ColumnDef, TableDef } from "@refugio/schemas";
import { duckdbType, storedColumns, storedKey } from "../db/ddl";
import { all, run } from "../db/query";
import { reasonText } from "./messages";
import { PROBLEM_CAP, type Problem } from "./problems";
import { bind, codeCandidates, failureReason, lit, q, typedExpr } from "./sql";
import type { StagedFile } from "./stage";

export interface TypedFile extends StagedFile {
  /** View over the typed table with the file line of each row (`line`). */
  typedTable: string;
}

const raw = (c: string) => q(`${c}$raw`);

/** The value a problem shows: the text as sent when it did not convert, else the stored value. */
const shown = (c: string, alias = "") => `COALESCE(${alias}${raw(c)}, CAST(${alias}${q(c)} AS VARCHAR))`;

/**
 * SELECT list of the typed table over a source whose columns are the cleaned cells, named after
 * the contract: `col` typed (NULL when it does not convert) and `col$raw` as sent. The caller
 * keeps `col$raw` only where `col` is NULL (see `typedOuter`): the text of cells that converted
 * is not needed twice.
 */
export function typedSelect(table: TableDef, present: ReadonlySet<string>): string {
  const select: string[] = [];
  for (const col of storedColumns(table)) {
    const name = q(col.name);
    if (present.has(col.name)) {
      const ref = `r.${name}`;
      select.push(`${typedExpr(table, col, ref)} AS ${name}`, `${ref} AS ${raw(col.name)}`);
    } else if (col.name === "shelter_code") {
      // Implied by the manifest for tables whose files need not repeat it.
      select.push(`CAST($shelter AS VARCHAR) AS ${name}`, `CAST(NULL AS VARCHAR) AS ${raw(col.name)}`);
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

/** After the typed table exists: derived ids, and the view that adds the line. */
export async function finishTyped(conn: DuckDBConnection, staged: StagedFile, view: string): Promise<TypedFile> {
  const base = q(staged.baseTable);
  if (staged.table.name === "service_surveys") {
    // A response without id gets one derived from its content (stable, so reloads are idempotent).
    const content = `md5(concat_ws('|', ${storedColumns(staged.table).filter((c) => c.name !== "response_id").map((c) => `CAST(${q(c.name)} AS VARCHAR)`).join(", ")}))`;
    await run(
      conn,
      `UPDATE ${base} SET response_id = d.id FROM (
         SELECT rowid AS rid, 'auto-' || substr(${content}, 1, 16) || '-' || CAST(row_number() OVER (PARTITION BY ${content} ORDER BY rowid) AS VARCHAR) AS id
         FROM ${base} WHERE response_id IS NULL) AS d WHERE ${base}.rowid = d.rid`,
    );
  }
  await run(conn, `CREATE OR REPLACE TEMP VIEW ${q(view)} AS SELECT rowid + ${staged.firstLine} AS line, * FROM ${base}`);
  return { ...staged, typedTable: view };
}

interface ProblemSql {
  sql: string;
}

/** Problem rows of one column: required, conversion, range. */
function columnProblems(f: TypedFile, col: ColumnDef): string[] {
  const t = q(f.typedTable);
  const c = q(col.name);
  const value = f.identifierColumns.has(col.name) ? "CAST(NULL AS VARCHAR)" : shown(col.name);
  const sel = (reason: string, arg: string, where: string, severity = "error") =>
    `SELECT ${f.fi} AS fi, line, ${lit(col.name)} AS col, ${value} AS value, ${reason} AS reason, CAST(${arg} AS VARCHAR) AS arg, '${severity}' AS severity FROM ${t} WHERE ${where}`;
  const out: string[] = [];
  if (!f.present.has(col.name)) return out;
  if (col.required) out.push(sel("'required'", "NULL", `${c} IS NULL AND ${raw(col.name)} IS NULL`));
  const arg = col.kind === "code" ? `COALESCE(${codeCandidates(col, raw(col.name))}, ${lit(col.codes ?? "")})` : "NULL";
  out.push(sel(failureReason(f.table, col, raw(col.name)), arg, `${raw(col.name)} IS NOT NULL`));
  if (col.min !== undefined) out.push(sel("'belowMin'", String(col.min), `${c} < ${col.min}`));
  if (col.max !== undefined) out.push(sel("'aboveMax'", String(col.max), `${c} > ${col.max}`));
  return out;
}

/** What the checks compare against: the manifest's shelter and export date (null for the registry). */
export interface CheckContext {
  shelterCode: string | null;
  exportedOn: string | null;
}

/** Checks of one file that need nothing else: cells, shelter code, repeated keys, dates in a row. */
function fileProblems(f: TypedFile, ctx: CheckContext): ProblemSql[] {
  const t = q(f.typedTable);
  const sqls: string[] = [];
  for (const col of f.table.columns) sqls.push(...columnProblems(f, col));
  const scrub = (c: string) => (f.identifierColumns.has(c) ? "CAST(NULL AS VARCHAR)" : shown(c));
  if (f.present.has("shelter_code") && ctx.shelterCode !== null) {
    sqls.push(
      `SELECT ${f.fi}, line, 'shelter_code', ${scrub("shelter_code")}, 'shelterMismatch', CAST($shelter AS VARCHAR), 'error' FROM ${t} WHERE shelter_code IS NOT NULL AND shelter_code <> $shelter`,
    );
  }
  // Repeated natural keys within the file (the first occurrence is named in the reason).
  const key = storedKey(f.table).map(q);
  const keyNames = f.table.key.join("|");
  sqls.push(
    `SELECT ${f.fi}, line, NULL, NULL, 'duplicateKey', CAST(first_line AS VARCHAR) || ${lit(`|${keyNames}`)}, 'error' FROM (
       SELECT line, min(line) OVER w AS first_line, row_number() OVER (w ORDER BY line) AS n FROM ${t}
       WHERE ${key.map((k) => `${k} IS NOT NULL`).join(" AND ")} WINDOW w AS (PARTITION BY ${key.join(", ")})) WHERE n > 1`,
  );
  // Dates after the export date cannot be real.
  for (const col of f.table.columns) {
    if (col.kind !== "date" || !f.present.has(col.name) || ctx.exportedOn === null) continue;
    sqls.push(
      `SELECT ${f.fi}, line, ${lit(col.name)}, ${scrub(col.name)}, 'afterExport', ${lit(col.name)}, 'error' FROM ${t} WHERE ${q(col.name)} > CAST($exported_on AS DATE)`,
    );
  }
  if (f.table.name === "stays") {
    sqls.push(
      `SELECT ${f.fi}, line, 'exit_date', ${scrub("exit_date")}, 'dateOrder', 'admission_date|exit_date', 'error' FROM ${t} WHERE exit_date < admission_date`,
    );
  }
  return sqls.map((sql) => ({ sql }));
}

/** Checks across files of the batch and against what is stored for the shelter. */
function crossProblems(files: Map<string, TypedFile>, stayRef: string | null): ProblemSql[] {
  const sqls: string[] = [];
  const k = stayRef ? q(stayRef) : null;
  for (const name of ["children", "assessments", "followups"]) {
    const f = files.get(name);
    if (!f || !k) continue;
    const t = q(f.typedTable);
    const scrub = (c: string) => (f.identifierColumns.has(c) ? "CAST(NULL AS VARCHAR)" : shown(c, "x."));
    sqls.push(
      `SELECT ${f.fi}, x.line, 'stay_id', ${scrub("stay_id")}, 'unknownStay', NULL, 'error' FROM ${t} AS x ANTI JOIN ${k} AS s ON s.stay_id = x.stay_id WHERE x.stay_id IS NOT NULL`,
    );
    if (name === "followups") {
      sqls.push(
        `SELECT ${f.fi}, x.line, 'contact_date', ${scrub("contact_date")}, 'contactBeforeExit', NULL, 'error' FROM ${t} AS x JOIN ${k} AS s ON s.stay_id = x.stay_id
         WHERE x.contact_date < COALESCE(s.exit_date, s.admission_date)`,
      );
    }
    if (name === "assessments") {
      // Admission measures may precede the formal admission by a few weeks (intake interviews).
      sqls.push(
        `SELECT ${f.fi}, x.line, 'assessed_on', ${scrub("assessed_on")}, 'assessedOutOfStay', x.timepoint, 'error' FROM ${t} AS x JOIN ${k} AS s ON s.stay_id = x.stay_id
         WHERE x.assessed_on < s.admission_date - INTERVAL 30 DAY
            OR (x.timepoint = 'admission' AND x.assessed_on > COALESCE(s.exit_date, x.assessed_on))
            OR (x.timepoint = 'exit' AND x.assessed_on < s.admission_date)
            OR (x.timepoint LIKE 'followup%' AND x.assessed_on < COALESCE(s.exit_date, s.admission_date))`,
      );
    }
  }
  const stays = files.get("stays");
  const children = files.get("children");
  if (stays && children && stays.present.has("children_in_stay")) {
    sqls.push(
      `SELECT ${stays.fi}, s.line, 'children_in_stay', ${shown("children_in_stay", "s.")}, 'childrenCount', CAST(s.children_in_stay AS VARCHAR) || '|' || CAST(COALESCE(c.n, 0) AS VARCHAR), 'warning'
       FROM ${q(stays.typedTable)} AS s LEFT JOIN (SELECT stay_id, count(*) AS n FROM ${q(children.typedTable)} GROUP BY stay_id) AS c ON c.stay_id = s.stay_id
       WHERE s.children_in_stay IS NOT NULL AND s.children_in_stay <> COALESCE(c.n, 0)`,
    );
  }
  return sqls.map((sql) => ({ sql }));
}

/** The stays a batch's rows may point to: the batch's own, else those stored for the shelter. */
export async function buildStayRef(conn: DuckDBConnection, files: Map<string, TypedFile>, name: string, shelterCode: string): Promise<string | null> {
  if (!["children", "assessments", "followups"].some((t) => files.has(t))) return null;
  const stays = files.get("stays");
  const batchStays = stays ? `SELECT stay_id, admission_date, exit_date FROM ${q(stays.typedTable)} WHERE stay_id IS NOT NULL` : null;
  const stored = `SELECT stay_id, admission_date, exit_date FROM stays WHERE shelter_code = $shelter${
    stays ? ` AND stay_id NOT IN (SELECT stay_id FROM ${q(stays.typedTable)} WHERE stay_id IS NOT NULL)` : ""
  }`;
  await run(
    conn,
    `CREATE OR REPLACE TEMP TABLE ${q(name)} AS SELECT DISTINCT ON (stay_id) * FROM (${batchStays ? `${batchStays} UNION ALL ` : ""}${stored})`,
    { shelter: shelterCode },
  );
  return name;
}

export interface CheckResult {
  problems: Problem[];
  total: number;
  errors: number;
}

/** Runs every check of the batch into a temp problem table and reads it back, capped. */
export async function runChecks(
  conn: DuckDBConnection,
  files: Map<string, TypedFile>,
  stayRef: string | null,
  ctx: CheckContext,
  problemTable: string,
): Promise<CheckResult> {
  const parts = [...[...files.values()].flatMap((f) => fileProblems(f, ctx)), ...crossProblems(files, stayRef)];
  await run(
    conn,
    `CREATE OR REPLACE TEMP TABLE ${q(problemTable)} (fi INTEGER, line BIGINT, col VARCHAR, value VARCHAR, reason VARCHAR, arg VARCHAR, severity VARCHAR)`,
  );
  if (parts.length > 0) {
    const sql = `INSERT INTO ${q(problemTable)} ${parts.map((p) => p.sql).join("\nUNION ALL\n")}`;
    const params: Record<string, string | null> = { shelter: ctx.shelterCode, exported_on: ctx.exportedOn };
    await run(conn, sql, bind(sql, params));
  }
  const counts = await all<{ total: number; errors: number }>(
    conn,
    `SELECT count(*) AS total, count(*) FILTER (WHERE severity = 'error') AS errors FROM ${q(problemTable)}`,
  );
  const rows = await all<{ fi: number; line: number | null; col: string | null; value: string | null; reason: string; arg: string | null; severity: "error" | "warning" }>(
    conn,
    `SELECT * FROM ${q(problemTable)} ORDER BY severity, fi, line, col LIMIT ${PROBLEM_CAP}`,
  );
  return {
    total: counts[0]?.total ?? 0,
    errors: counts[0]?.errors ?? 0,
    problems: rows.map((r) => ({ fi: r.fi, line: r.line, column: r.col, value: r.value, reason: reasonText(r.reason, r.arg), severity: r.severity })),
  };
}

