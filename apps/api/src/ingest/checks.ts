// Set-based checks of a staged batch, run inside DuckDB: typed conversion of every cell, then
// one problem row per failed conversion or broken rule (UNION ALL), read back capped.
import type { DuckDBConnection } from "@duckdb/node-api";
import { derivedKeyColumn, looksLikeIdentifierValue, type ColumnDef, type TableDef } from "@refugio/schemas";
import { storedColumns, storedKey } from "../db/ddl";
import { all, run } from "../db/query";
import { ingestMessages, reasonText } from "./messages";
import { PROBLEM_CAP, type Problem } from "./problems";
import { codeCandidates, failureReason, lit, q } from "./sql";
import { cellColumns, raw, shown, type StagedFile, type TypedFile } from "./typed";

/**
 * Derived ids in a staged relation: a row without its id (a survey response, a referral) gets one
 * derived from its content (stable, so reloads are idempotent; identical rows are numbered, not
 * merged, within their batch `b` when the relation holds several).
 */
export async function deriveIds(conn: DuckDBConnection, table: TableDef, relation: string, byBatch: boolean): Promise<void> {
  const derived = derivedKeyColumn(table);
  if (!derived) return;
  const base = q(relation);
  const id = q(derived);
  const content = `md5(concat_ws('|', ${storedColumns(table).filter((c) => c.name !== derived).map((c) => `CAST(${q(c.name)} AS VARCHAR)`).join(", ")}))`;
  await run(
    conn,
    `UPDATE ${base} SET ${id} = d.id FROM (
       SELECT rowid AS rid, 'auto-' || substr(${content}, 1, 16) || '-' || CAST(row_number() OVER (PARTITION BY ${byBatch ? "b, " : ""}${content} ORDER BY rowid) AS VARCHAR) AS id
       FROM ${base} WHERE ${id} IS NULL) AS d WHERE ${base}.rowid = d.rid`,
  );
}

/** A staged file as the checks and writes read it (after `deriveIds`). */
export function typedFile(staged: StagedFile): TypedFile {
  const shared = staged.shared;
  if (shared) return { ...staged, typedTable: staged.baseTable, lineOf: (alias) => `${alias}"$rowid" - ${shared.lo} + ${staged.firstLine}` };
  return { ...staged, typedTable: staged.baseTable, lineOf: (alias) => `${alias}rowid + ${staged.firstLine}` };
}

/** After the typed table of one file exists (the registry import): derived ids. */
export async function finishTyped(conn: DuckDBConnection, staged: StagedFile): Promise<TypedFile> {
  await deriveIds(conn, staged.table, staged.baseTable, false);
  return typedFile(staged);
}

/** What the checks compare against: the manifest's shelter and export date (null for the registry). */
export interface CheckContext {
  shelterCode: string | null;
  exportedOn: string | null;
  /** The end of the period the manifest says the batch covers. */
  periodEnd?: string | null;
}

/** One batch to check: its index in the call (`b`), its staged files and its manifest context. */
export interface CheckBatch extends CheckContext {
  b: number;
  files: Map<string, TypedFile>;
  /** Tables whose file could not be used (its problem is reported): checks needing its rows are skipped. */
  unusable?: ReadonlySet<string>;
}

/**
 * The batches of one call are checked together: each table's staged files are combined into one
 * TEMP table (`b`, `fi`, `line`, the batch's shelter and export date, the cells), so the problem
 * query is planned once per call instead of once per batch (binding a query of some 200 UNION ALL
 * parts cost ~0.4–0.9 s, which made a 37-batch load spend ~30 s in checks).
 */
interface Combined {
  table: TableDef;
  name: string;
  /** The batches' files of this table, by batch. */
  files: Map<number, TypedFile>;
}

/** `b IN (…)` over batch indexes (integers of ours), TRUE when every batch of the table qualifies. */
function batchFilter(alias: string, all: Iterable<number>, which: number[]): string {
  const n = [...all].length;
  if (which.length === n) return "TRUE";
  if (which.length === 0) return "FALSE";
  return `${alias}b IN (${which.join(", ")})`;
}

/** Shown value of a column, NULL in the batches where the column looked like identifiers. */
function scrubbed(c: Combined, col: string, alias = ""): string {
  const hidden = [...c.files].filter(([, f]) => f.identifierColumns.has(col)).map(([b]) => b);
  if (hidden.length === 0) return shown(col, alias);
  return `CASE WHEN ${alias}b IN (${hidden.join(", ")}) THEN CAST(NULL AS VARCHAR) ELSE ${shown(col, alias)} END`;
}

const presentIn = (c: Combined, col: string) => [...c.files].filter(([, f]) => f.present.has(col)).map(([b]) => b);

/** A check of one row on its own: when `when` holds, a problem (column, shown value, reason code, argument). */
interface RowCheck {
  when: string;
  col: string;
  value: string;
  reason: string;
  arg: string;
}

/** Checks of one column's cells: required, conversion. */
function columnChecks(c: Combined, col: ColumnDef): RowCheck[] {
  const cc = q(col.name);
  const present = presentIn(c, col.name);
  // Files loaded directly had every cell converted and every required cell present (or were staged instead).
  const unchecked = present.filter((b) => !c.files.get(b)?.converted);
  if (unchecked.length === 0) return [];
  const check = (reason: string, arg: string, when: string): RowCheck => ({ when, col: lit(col.name), value: scrubbed(c, col.name), reason, arg });
  const out: RowCheck[] = [];
  if (col.required) out.push(check("'required'", "NULL", `${batchFilter("", c.files.keys(), unchecked)} AND ${cc} IS NULL AND ${raw(col.name)} IS NULL`));
  const arg = col.kind === "code" ? `COALESCE(${codeCandidates(col, raw(col.name))}, ${lit(col.codes ?? "")})` : "NULL";
  out.push(check(failureReason(c.table, col, raw(col.name)), arg, `${raw(col.name)} IS NOT NULL`));
  return out;
}

/**
 * The rules on one row's typed values: ranges, the manifest's shelter (in the batches whose file
 * has the column), dates after the export date, date order.
 */
function ruleChecks(c: Combined): RowCheck[] {
  const table = c.table;
  const has = (col: string) => presentIn(c, col).length > 0;
  const value = (col: string) => scrubbed(c, col);
  const out: RowCheck[] = [];
  for (const col of table.columns) {
    if (!has(col.name)) continue;
    const cc = q(col.name);
    const check = (reason: string, arg: string, when: string): RowCheck => ({ when, col: lit(col.name), value: value(col.name), reason, arg });
    if (col.min !== undefined) out.push(check("'belowMin'", String(col.min), `${cc} < ${col.min}`));
    if (col.max !== undefined) out.push(check("'aboveMax'", String(col.max), `${cc} > ${col.max}`));
  }
  const withShelter = presentIn(c, "shelter_code");
  if (withShelter.length > 0) {
    out.push({
      when: `${batchFilter("", c.files.keys(), withShelter)} AND shelter_code IS NOT NULL AND shelter_code <> "$shelter"`,
      col: "'shelter_code'",
      value: value("shelter_code"),
      reason: "'shelterMismatch'",
      arg: `"$shelter"`,
    });
  }
  // Dates after the export date cannot be real.
  for (const col of table.columns) {
    if (col.kind !== "date" || !has(col.name)) continue;
    out.push({ when: `${q(col.name)} > "$exported_on"`, col: lit(col.name), value: value(col.name), reason: "'afterExport'", arg: lit(col.name) });
  }
  if (table.name === "stays") {
    out.push({ when: "exit_date < admission_date", col: "'exit_date'", value: value("exit_date"), reason: "'dateOrder'", arg: "'admission_date|exit_date'" });
  }
  return out;
}

/**
 * Checks of one table that need nothing else: cells, shelter code, dates in a row (one scan for all
 * of them: the rows where any holds are unpivoted into one problem per check), and repeated keys
 * (only for tables whose key hashes repeat: see `repeatedKeyTables`).
 */
function fileProblems(c: Combined, repeated: ReadonlySet<string>): string[] {
  const t = q(c.name);
  const checks: RowCheck[] = [];
  for (const col of c.table.columns) checks.push(...columnChecks(c, col));
  checks.push(...ruleChecks(c));
  const sqls: string[] = [];
  if (checks.length > 0) {
    const cases = checks.map(
      (k) => `CASE WHEN ${k.when} THEN {'col': CAST(${k.col} AS VARCHAR), 'value': CAST(${k.value} AS VARCHAR), 'reason': CAST(${k.reason} AS VARCHAR), 'arg': CAST(${k.arg} AS VARCHAR)} END`,
    );
    sqls.push(
      `SELECT b, fi, line, p.col, p.value, p.reason, p.arg, 'error' FROM (
         SELECT b, fi, line, unnest([${cases.join(",\n")}]) AS p FROM ${t} WHERE ${checks.map((k) => `coalesce(${k.when}, FALSE)`).join(" OR ")}
       ) WHERE p IS NOT NULL`,
    );
  }
  if (!repeated.has(c.name)) return sqls;
  // Repeated natural keys within the file (the first occurrence is named in the reason). Only rows
  // whose key hash repeats are grouped by the key itself and joined back (a window over every row
  // cost ~1.4 s of CPU on 900k rows). A batch has one file per table, so its lines are unique and
  // "not the first occurrence" is `line > first_line`.
  const key = storedKey(c.table).map(q);
  const keyNames = c.table.key.join("|");
  sqls.push(
    `SELECT x.b, x.fi, x.line, NULL, NULL, 'duplicateKey', CAST(d.first_line AS VARCHAR) || ${lit(`|${keyNames}`)}, 'error' FROM ${t} AS x
     JOIN (SELECT b, ${key.join(", ")}, min(line) AS first_line FROM ${t}
           WHERE ${keyNotNull(c.table)} AND (b, hash(${key.join(", ")})) IN (${repeatedHashes(c)})
           GROUP BY b, ${key.join(", ")} HAVING count(*) > 1) AS d
       ON d.b = x.b AND ${key.map((k) => `d.${k} = x.${k}`).join(" AND ")}
     WHERE x.line > d.first_line`,
  );
  return sqls;
}

const keyNotNull = (table: TableDef) =>
  storedKey(table)
    .map((k) => `${q(k)} IS NOT NULL`)
    .join(" AND ");

/** (b, hash) of the keys that repeat in a combined table (one 64-bit hash of the key per row). */
function repeatedHashes(c: Combined): string {
  const key = storedKey(c.table).map(q).join(", ");
  return `SELECT (b, h) FROM (SELECT b, hash(${key}) AS h FROM ${q(c.name)} WHERE ${keyNotNull(c.table)}) GROUP BY b, h HAVING count(*) > 1`;
}

/**
 * The tables where some key hash repeats, in one query for all (their scans run in parallel):
 * nearly always none, and then no table pays for finding the repeated rows and their lines.
 */
async function repeatedKeyTables(conn: DuckDBConnection, combined: Iterable<Combined>): Promise<Set<string>> {
  const parts = [...combined].map((c) => `SELECT ${lit(c.name)} AS t FROM (${repeatedHashes(c)} LIMIT 1)`);
  if (parts.length === 0) return new Set();
  return new Set((await all<{ t: string }>(conn, parts.join(" UNION ALL "))).map((r) => r.t));
}

/** Tables whose rows point to a stay (`stay_id`). */
const STAY_REFERENCES = ["children", "assessments", "followups", "service_surveys"];

/** ` AND` the column within its contract range: a value out of range is an error already, not worth a warning too. */
function inRange(table: TableDef, name: string, alias: string): string {
  const col = table.columns.find((c) => c.name === name);
  const bounds = [col?.min === undefined ? "" : ` AND ${alias}${q(name)} >= ${col.min}`, col?.max === undefined ? "" : ` AND ${alias}${q(name)} <= ${col.max}`];
  return bounds.join("");
}

/** Checks across files of a batch and against what is stored for its shelter. */
function crossProblems(combined: Map<string, Combined>, stayRef: string | null, batches: readonly CheckBatch[]): string[] {
  const sqls: string[] = [];
  // Batches whose file of a table could not be used: a reference to its rows would only echo that problem.
  const without = (table: string) => batches.filter((x) => x.unusable?.has(table)).map((x) => x.b);
  const unreadStays = without("stays");
  const k = stayRef ? q(stayRef) : null;
  // A survey's stay is optional, but one that is given must exist like any other reference. A row
  // whose stay is known may still break the stay's dates: both in one join per table.
  const dateRules: Record<string, { col: string; reason: string; arg: string; when: string }> = {
    followups: { col: "contact_date", reason: "contactBeforeExit", arg: "NULL", when: "x.contact_date < COALESCE(s.exit_date, s.admission_date)" },
    // Admission measures may precede the formal admission by a few weeks (intake interviews).
    assessments: {
      col: "assessed_on",
      reason: "assessedOutOfStay",
      arg: "x.timepoint",
      when: `x.assessed_on < s.admission_date - INTERVAL 30 DAY
            OR (x.timepoint = 'admission' AND x.assessed_on > COALESCE(s.exit_date, x.assessed_on))
            OR (x.timepoint = 'exit' AND x.assessed_on < s.admission_date)
            OR (x.timepoint LIKE 'followup%' AND x.assessed_on < COALESCE(s.exit_date, s.admission_date))`,
    },
  };
  for (const name of STAY_REFERENCES) {
    const c = combined.get(name);
    if (!c || !k) continue;
    const t = q(c.name);
    const scrub = (col: string) => scrubbed(c, col, "x.");
    const rule = dateRules[name];
    const unknown = "s.stay_id IS NULL";
    const pick = (a: string, b: string) => (rule ? `CASE WHEN ${unknown} THEN ${a} ELSE ${b} END` : a);
    sqls.push(
      `SELECT x.b, x.fi, x.line, ${pick("'stay_id'", lit(rule?.col ?? ""))}, ${pick(scrub("stay_id"), scrub(rule?.col ?? "stay_id"))},
              ${pick("'unknownStay'", lit(rule?.reason ?? ""))}, ${pick("NULL", rule?.arg ?? "NULL")}, 'error'
       FROM ${t} AS x LEFT JOIN ${k} AS s ON s.b = x.b AND s.stay_id = x.stay_id
       WHERE x.stay_id IS NOT NULL AND (${unknown}${rule ? ` OR ${rule.when}` : ""})${unreadStays.length > 0 ? ` AND x.b NOT IN (${unreadStays.join(", ")})` : ""}`,
    );
  }
  const stays = combined.get("stays");
  // A stay admitted after the period the manifest declares: likely a wrong period or date (a warning).
  if (stays && presentIn(stays, "admission_date").length > 0) {
    sqls.push(
      `SELECT s.b, s.fi, s.line, 'admission_date', ${scrubbed(stays, "admission_date", "s.")}, 'afterPeriod', CAST(s."$period_end" AS VARCHAR), 'warning'
       FROM ${q(stays.name)} AS s WHERE s.admission_date > s."$period_end"`,
    );
  }
  const children = combined.get("children");
  if (stays && children) {
    const unread = new Set([...unreadStays, ...without("children")]);
    const both = presentIn(stays, "children_in_stay").filter((b) => children.files.has(b) && !unread.has(b));
    if (both.length > 0) {
      sqls.push(
        `SELECT s.b, s.fi, s.line, 'children_in_stay', ${shown("children_in_stay", "s.")}, 'childrenCount', CAST(s.children_in_stay AS VARCHAR) || '|' || CAST(COALESCE(c.n, 0) AS VARCHAR), 'warning'
         FROM ${q(stays.name)} AS s LEFT JOIN (SELECT b, stay_id, count(*) AS n FROM ${q(children.name)} GROUP BY b, stay_id) AS c ON c.b = s.b AND c.stay_id = s.stay_id
         WHERE s.b IN (${both.join(", ")}) AND s.children_in_stay IS NOT NULL AND s.children_in_stay <> COALESCE(c.n, 0)${inRange(stays.table, "children_in_stay", "s.")}`,
      );
    }
  }
  return sqls;
}

/**
 * The stays each batch's rows may point to: the batch's own, else those of earlier batches of the
 * same shelter in this call (they are written first), else those stored for the shelter.
 */
async function buildStayRef(
  conn: DuckDBConnection,
  batches: CheckBatch[],
  combined: Map<string, Combined>,
  name: string,
  storedStays: string,
): Promise<string | null> {
  const needing = batches.filter((x) => STAY_REFERENCES.some((t) => x.files.has(t)) && x.shelterCode !== null);
  if (needing.length === 0) return null;
  const params: Record<string, string> = {};
  const refs = needing.map((x) => {
    params[`r${x.b}`] = x.shelterCode ?? "";
    return `(${x.b}, $r${x.b})`;
  });
  const stays = combined.get("stays");
  const parts = [
    `SELECT r.b, st.stay_id, st.admission_date, st.exit_date, 2147483647 AS prio FROM ${storedStays} st JOIN refs r ON st.shelter_code = r.shelter`,
  ];
  if (stays) {
    parts.push(
      `SELECT r.b, x.stay_id, x.admission_date, x.exit_date, r.b - x.b AS prio FROM ${q(stays.name)} x JOIN refs r ON x."$shelter" = r.shelter
       WHERE x.b <= r.b AND x.stay_id IS NOT NULL`,
    );
  }
  await run(
    conn,
    `CREATE OR REPLACE TEMP TABLE ${q(name)} AS
     WITH refs AS (SELECT * FROM (VALUES ${refs.join(", ")}) AS v(b, shelter))
     SELECT DISTINCT ON (b, stay_id) b, stay_id, admission_date, exit_date FROM (${parts.join(" UNION ALL ")}) ORDER BY b, stay_id, prio`,
    params,
  );
  return name;
}

export interface CheckResult {
  problems: Problem[];
  total: number;
  errors: number;
}

/**
 * Runs every check of the given batches into one temp problem table and reads it back, capped
 * per batch. `temp(name)` names the TEMP tables (the caller drops them).
 */
export async function checkBatches(
  conn: DuckDBConnection,
  batches: CheckBatch[],
  temp: (name: string) => string,
  /** The stays stored before this call (a relation); the direct load narrows `stays` to the rows it did not add. */
  storedStays = "stays",
): Promise<Map<number, CheckResult>> {
  const out = new Map<number, CheckResult>(batches.map((x) => [x.b, { problems: [], total: 0, errors: 0 }]));
  if (batches.length === 0) return out;
  const combined = new Map<string, Combined>();
  for (const x of batches) {
    for (const [tname, f] of x.files) {
      const c = combined.get(tname) ?? { table: f.table, name: temp(`all_${tname}`), files: new Map<number, TypedFile>() };
      c.files.set(x.b, f);
      combined.set(tname, c);
    }
  }
  for (const c of combined.values()) {
    const params: Record<string, string | null> = {};
    const parts = [...c.files].map(([b, f]) => {
      const x = batches.find((y) => y.b === b);
      params[`s${b}`] = x?.shelterCode ?? null;
      params[`e${b}`] = x?.exportedOn ?? null;
      params[`p${b}`] = x?.periodEnd ?? null;
      return `SELECT ${b} AS b, ${f.fi} AS fi, ${f.lineOf("")} AS line, CAST($s${b} AS VARCHAR) AS "$shelter", CAST($e${b} AS DATE) AS "$exported_on", CAST($p${b} AS DATE) AS "$period_end", ${cellColumns(f.table)} FROM ${q(f.typedTable)}`;
    });
    const shared = [...c.files.values()].map((f) => f.shared);
    const relation = shared[0];
    // (A table with one file takes the plainer view below: no join, its context in one row.)
    if (relation && c.files.size > 1 && shared.every((s) => s?.relation === relation.relation && s.key === relation.key)) {
      // Every file's rows are in one relation (staged, or loaded directly): one view over them,
      // each file's rows found by its key and rowid range (a small TEMP table of the ranges), no
      // copy. Views take no parameters.
      const ranges = q(temp(`all_${c.table.name}_ranges`));
      const keyType = relation.key === "b" ? "INTEGER" : "VARCHAR";
      const values = [...c.files].map(([b, f]) => {
        params[`k${b}`] = String(f.shared?.keyValue ?? "");
        return `(${b}, ${f.fi}, CAST($k${b} AS ${keyType}), CAST(${f.shared?.lo ?? 0n} AS BIGINT), CAST(${f.shared?.hi ?? -1n} AS BIGINT), ${f.firstLine}, CAST($s${b} AS VARCHAR), CAST($e${b} AS DATE), CAST($p${b} AS DATE))`;
      });
      await run(conn, `CREATE OR REPLACE TEMP TABLE ${ranges} (b INTEGER, fi INTEGER, k ${keyType}, lo BIGINT, hi BIGINT, first_line INTEGER, "$shelter" VARCHAR, "$exported_on" DATE, "$period_end" DATE)`);
      await run(conn, `INSERT INTO ${ranges} VALUES ${values.join(", ")}`, params);
      const los = shared.flatMap((s) => (s ? [s.lo] : []));
      const lo = los.reduce((m, x) => (x < m ? x : m), los[0] ?? 0n);
      // Loaded directly, every stored cell converted: no text as sent.
      const cells =
        relation.key === "b"
          ? cellColumns(c.table, "x.")
          : storedColumns(c.table)
              .map((col) => `x.${q(col.name)}, CAST(NULL AS VARCHAR) AS ${raw(col.name)}`)
              .join(", ");
      await run(
        conn,
        `CREATE OR REPLACE TEMP VIEW ${q(c.name)} AS SELECT r.b, r.fi, x.rowid - r.lo + r.first_line AS line, r."$shelter", r."$exported_on", r."$period_end", ${cells}
         FROM (SELECT rowid, * FROM ${q(relation.relation)} WHERE rowid >= ${lo}) AS x JOIN ${ranges} AS r ON x.${q(relation.key)} = r.k AND x.rowid BETWEEN r.lo AND r.hi`,
      );
      continue;
    }
    // One file: a view (binding it in every part costs less than copying a big file); several: a table
    // (a view over many tables would be bound once per part and per file). Views take no parameters.
    if (parts.length === 1) {
      const [[b, f]] = [...c.files] as [[number, TypedFile]];
      const ctx = q(temp(`all_${c.table.name}_ctx`));
      await run(conn, `CREATE OR REPLACE TEMP TABLE ${ctx} AS SELECT CAST($s${b} AS VARCHAR) AS "$shelter", CAST($e${b} AS DATE) AS "$exported_on", CAST($p${b} AS DATE) AS "$period_end"`, params);
      await run(
        conn,
        `CREATE OR REPLACE TEMP VIEW ${q(c.name)} AS SELECT ${b} AS b, ${f.fi} AS fi, ${f.lineOf("x.")} AS line, ctx.*, ${cellColumns(f.table, "x.")} FROM ${q(f.typedTable)} AS x CROSS JOIN ${ctx} AS ctx`,
      );
    } else await run(conn, `CREATE OR REPLACE TEMP TABLE ${q(c.name)} AS ${parts.join(" UNION ALL ")}`, params);
  }
  const stayRef = await buildStayRef(conn, batches, combined, temp("stayref"), storedStays);
  const repeated = await repeatedKeyTables(conn, combined.values());
  const parts = [...[...combined.values()].flatMap((c) => fileProblems(c, repeated)), ...crossProblems(combined, stayRef, batches)];
  const problemTable = q(temp("problems"));
  await run(conn, `CREATE OR REPLACE TEMP TABLE ${problemTable} (b INTEGER, fi INTEGER, line BIGINT, col VARCHAR, value VARCHAR, reason VARCHAR, arg VARCHAR, severity VARCHAR)`);
  if (parts.length > 0) await run(conn, `INSERT INTO ${problemTable} ${parts.join("\nUNION ALL\n")}`);
  // Follow-on: the rows of children, assessments and follow-ups whose stay is refused are not
  // loaded either; one problem on the stay's line per table names the stay and how many rows
  // (the reader fixes the stay, not each of them). Its value is the stay_id, shown or hidden by
  // the same rules as any value.
  const staysC = combined.get("stays");
  if (staysC) {
    const follow = ["children", "assessments", "followups"].flatMap((name) => {
      const c = combined.get(name);
      if (!c) return [];
      return [
        `SELECT s.b, s.fi, s.line, ${scrubbed(staysC, "stay_id", "s.")} AS value, ${lit(name)} || '|' || CAST(count(*) AS VARCHAR) AS arg
           FROM (SELECT DISTINCT b, fi, line FROM ${problemTable} WHERE severity = 'error' AND line IS NOT NULL) AS e
           JOIN ${q(staysC.name)} AS s ON s.b = e.b AND s.fi = e.fi AND s.line = e.line
           JOIN ${q(c.name)} AS x ON x.b = s.b AND x.stay_id = s.stay_id
          WHERE s.stay_id IS NOT NULL
          GROUP BY ALL`,
      ];
    });
    if (follow.length > 0) {
      await run(
        conn,
        `INSERT INTO ${problemTable} SELECT b, fi, line, 'stay_id', value, 'stayRefusedFollowOn', arg, 'error' FROM (${follow.join(" UNION ALL ")})`,
      );
    }
  }
  const counts = await all<{ b: number; total: number; errors: number }>(
    conn,
    `SELECT b, count(*) AS total, count(*) FILTER (WHERE severity = 'error') AS errors FROM ${problemTable} GROUP BY b`,
  );
  for (const r of counts) {
    const e = out.get(r.b);
    if (e) Object.assign(e, { total: r.total, errors: r.errors });
  }
  const rows = await all<{ b: number; fi: number; line: number | null; col: string | null; value: string | null; reason: string; arg: string | null; severity: "error" | "warning" }>(
    conn,
    `SELECT b, fi, line, col, value, reason, arg, severity FROM ${problemTable}
     QUALIFY row_number() OVER (PARTITION BY b ORDER BY severity, fi, line, col) <= ${PROBLEM_CAP} ORDER BY b, severity, fi, line, col`,
  );
  // SQL counts records; a CSV's line map turns them into the lines an editor shows.
  const files = new Map(batches.flatMap((x) => [...x.files.values()].map((f) => [`${x.b}:${f.fi}`, f] as const)));
  const physical = (b: number, fi: number, line: number | null) => {
    const f = files.get(`${b}:${fi}`);
    return line === null || !f?.file.lineMap || line < f.firstLine ? line : f.file.lineMap.line(line - f.firstLine);
  };
  for (const r of rows) {
    // duplicateKey's argument starts with the line of the first occurrence.
    const arg = r.reason === "duplicateKey" && r.arg ? r.arg.replace(/^\d+/, (first) => String(physical(r.b, r.fi, Number(first)))) : r.arg;
    // A value that could identify someone (a DNI in a count, a name in a code column) is not echoed.
    // A key that is not pseudonymous is never echoed, whatever it looks like.
    const value = r.value !== null && (r.reason === "notPseudonymousKey" || looksLikeIdentifierValue(r.value)) ? null : r.value;
    const line = physical(r.b, r.fi, r.line);
    // The follow-on names the stay by its value as shown (hidden when it looks like an identifier).
    const reason =
      r.reason === "stayRefusedFollowOn"
        ? ingestMessages.stayRefusedFollowOn(value, line, (arg ?? "").split("|")[0] ?? "", Number((arg ?? "").split("|")[1] ?? 0))
        : reasonText(r.reason, arg);
    out.get(r.b)?.problems.push({ fi: r.fi, line, column: r.col, value, reason, severity: r.severity });
  }
  return out;
}

/** Checks of a single staged batch (the registry import), as `checkBatches` of one. */
export async function runChecks(
  conn: DuckDBConnection,
  files: Map<string, TypedFile>,
  ctx: CheckContext,
  temp: (name: string) => string,
): Promise<CheckResult> {
  const results = await checkBatches(conn, [{ b: 0, files, ...ctx }], temp);
  return results.get(0) ?? { problems: [], total: 0, errors: 0 };
}
