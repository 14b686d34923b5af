// SQL building blocks of set-based validation: macros that turn the text a shelter sent into
// typed values (NULL when it does not convert), and reference tables generated from codes.ts.
// Only descriptor names and constants of the contract reach SQL text; values are parameters.
import type { DuckDBConnection } from "@duckdb/node-api";
import { booleanSpellings, codeLists, codeSpellings, foldText, pseudonymousKey, type ColumnDef, type TableDef } from "@refugio/schemas";
import { quoteIdent } from "../db/ddl";

export const q = quoteIdent;
/** A SQL string literal of a contract constant (never of user input). */
export const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

const spellings = [
  ...[...new Set(booleanSpellings.true.map((w) => foldText(w)))].map((w) => [w, true] as const),
  ...[...new Set(booleanSpellings.false.map((w) => foldText(w)))].map((w) => [w, false] as const),
];
const boolSpellings = () => spellings.map(([w]) => lit(w)).join(", ");
const boolValues = () => spellings.map(([, v]) => String(v)).join(", ");

// Regexes in RE2 syntax. The e-mail and CURP patterns mirror the identifier guard of @refugio/schemas.
export const IDENTIFIER_VALUE_RE = String.raw`(?i)([^\s@]+@[^\s@]+\.[a-z]{2,})|(\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b)`;

const macros = [
  // '' and spaces → NULL (read_csv keeps empty strings as text in all_varchar mode).
  `CREATE OR REPLACE TEMP MACRO refugio_cell(x) AS NULLIF(trim(CAST(x AS VARCHAR)), '')`,
  `CREATE OR REPLACE TEMP MACRO refugio_fold(x) AS trim(regexp_replace(lower(strip_accents(x)), '[\\s\\x{00a0}\\x{2007}\\x{202f}]+', ' ', 'g'))`,
  // Fast path: text that is already lower-case code-like needs no accent or space folding.
  `CREATE OR REPLACE TEMP MACRO refugio_fold_code(x) AS CASE
     WHEN regexp_full_match(x, '[a-z0-9_<>+-]+') THEN replace(x, '_', ' ')
     ELSE regexp_replace(refugio_fold(replace(x, '_', ' ')), ' ?- ?', '-', 'g') END`,
  // One lookup per cell: the folded text's position in the spellings picks true/false (an
  // IN list would repeat the folding expression once per spelling).
  `CREATE OR REPLACE TEMP MACRO refugio_bool(x) AS
     COALESCE([${boolValues()}][list_position([${boolSpellings()}], x)],
              [${boolValues()}][list_position([${boolSpellings()}], refugio_fold(x))])`,
  // Decimal comma or point; thousands separators only in an unambiguous group-of-three shape.
  `CREATE OR REPLACE TEMP MACRO refugio_num(x) AS CASE
     WHEN regexp_full_match(x, '[+-]?[0-9]*([.,][0-9]*)?') AND regexp_matches(x, '[0-9]') THEN TRY_CAST(replace(x, ',', '.') AS DOUBLE)
     WHEN regexp_full_match(x, '[+-]?[0-9]{1,3}(\\.[0-9]{3})+(,[0-9]*)?') THEN TRY_CAST(replace(replace(x, '.', ''), ',', '.') AS DOUBLE)
     WHEN regexp_full_match(x, '[+-]?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]*)?') THEN TRY_CAST(replace(x, ',', '') AS DOUBLE)
     WHEN regexp_full_match(x, '[+-]?[0-9]{1,3}( [0-9]{3})+([.,][0-9]*)?') THEN TRY_CAST(replace(replace(x, ' ', ''), ',', '.') AS DOUBLE)
   END`,
  // The lambda evaluates refugio_num once (a macro would repeat it in every branch).
  `CREATE OR REPLACE TEMP MACRO refugio_int(x) AS CASE
     WHEN regexp_full_match(x, '[+-]?[0-9]{1,9}') THEN CAST(x AS INTEGER)
     ELSE list_transform([refugio_num(x)], lambda n: CASE WHEN n = floor(n) AND abs(n) < 2147483647 THEN CAST(n AS INTEGER) END)[1] END`,
  // ISO (optionally with a midnight time, as Parquet/Excel exports write it) or dd/mm/yyyy.
  `CREATE OR REPLACE TEMP MACRO refugio_date_shape(x) AS
     regexp_full_match(x, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([T ]00:00(:00(\\.0+)?)?(Z|[+-]00(:?00)?)?)?')
     OR regexp_full_match(x, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}')
     OR regexp_full_match(x, '[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}')
     OR regexp_full_match(x, '[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4}')`,
  `CREATE OR REPLACE TEMP MACRO refugio_date_any(x) AS CASE
     WHEN regexp_matches(x, '^[0-9]{4}-') THEN TRY_CAST(regexp_extract(x, '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') AS DATE)
     ELSE CAST(try_strptime(regexp_replace(x, '[.-]', '/', 'g'), '%d/%m/%Y') AS DATE) END`,
  `CREATE OR REPLACE TEMP MACRO refugio_date(x) AS CASE
     WHEN length(x) = 10 AND x[5] = '-' AND x[8] = '-' AND regexp_full_match(x, '[0-9-]+') THEN CASE WHEN x BETWEEN '1900' AND '2101' THEN TRY_CAST(x AS DATE) END
     WHEN regexp_full_match(x, '[0-9]{2}/[0-9]{2}/[0-9]{4}') THEN CASE WHEN x[7:] BETWEEN '1900' AND '2100' THEN CAST(try_strptime(x, '%d/%m/%Y') AS DATE) END
     ELSE list_transform([refugio_date_any(x)], lambda d: CASE WHEN refugio_date_shape(x) AND year(d) BETWEEN 1900 AND 2100 THEN d END)[1] END`,
  `CREATE OR REPLACE TEMP MACRO refugio_survey_answer(x) AS CASE
     WHEN regexp_full_match(x, '[1-5]') THEN x
     WHEN regexp_full_match(x, '[01]') THEN NULL
     WHEN refugio_bool(x) THEN 'yes'
     WHEN NOT refugio_bool(x) THEN 'no' END`,
];

/** Rows of the code reference table: every folded spelling → its code, or null when ambiguous. */
export function codeReferenceRows(): { list: string; key: string; code: string | null; candidates: string | null }[] {
  const rows: { list: string; key: string; code: string | null; candidates: string | null }[] = [];
  for (const [list, defs] of Object.entries(codeLists)) {
    const { exact, labels } = codeSpellings(defs);
    for (const [key, code] of exact) rows.push({ list, key, code, candidates: null });
    for (const [key, set] of labels) {
      const codes = [...set].sort();
      rows.push({ list, key, code: codes.length === 1 ? (codes[0] ?? null) : null, candidates: codes.length > 1 ? codes.join(" | ") : null });
    }
  }
  return rows;
}

/** Creates the macros and the temp code table on this connection (idempotent). */
export async function installValidationSql(conn: DuckDBConnection): Promise<void> {
  for (const sql of macros) await conn.run(sql);
  await conn.run(`CREATE OR REPLACE TEMP TABLE refugio_codes (list VARCHAR, key VARCHAR, code VARCHAR, candidates VARCHAR)`);
  const rows = codeReferenceRows();
  const values = rows.map((_, i) => `($l${i}, $k${i}, $c${i}, $a${i})`).join(", ");
  const params: Record<string, string | null> = {};
  rows.forEach((r, i) => {
    params[`l${i}`] = r.list;
    params[`k${i}`] = r.key;
    params[`c${i}`] = r.code;
    params[`a${i}`] = r.candidates;
  });
  await conn.run(`INSERT INTO refugio_codes VALUES ${values}`, params);
}

// Code lookups are list look-ups generated from the same reference rows as the temp table
// refugio_codes: a projection keeps file order (a join would not), so rowid stays the line.
const codeLookup = new Map<string, { exact: string; keys: string; codes: string; candidates: string }>();
function lookupOf(list: string) {
  let l = codeLookup.get(list);
  if (!l) {
    const rows = codeReferenceRows().filter((r) => r.list === list);
    const exact = codeLists[list as keyof typeof codeLists].map((d) => d.code);
    l = {
      exact: `[${exact.map(lit).join(", ")}]`,
      keys: `[${rows.map((r) => lit(r.key)).join(", ")}]`,
      codes: `(CAST([${rows.map((r) => (r.code === null ? "NULL" : lit(r.code))).join(", ")}] AS VARCHAR[]))`,
      candidates: `(CAST([${rows.map((r) => (r.candidates === null ? "NULL" : lit(r.candidates))).join(", ")}] AS VARCHAR[]))`,
    };
    codeLookup.set(list, l);
  }
  return l;
}

/** Typed expression of a column over its raw (trimmed, NULL when empty) text `raw`. */
export function typedExpr(table: TableDef, col: ColumnDef, raw: string): string {
  switch (col.kind) {
    case "text":
      if (table.name === "coordinator_surveys" && col.name === "answer") return `refugio_survey_answer(${raw})`;
      if (table.name === "coordinator_surveys" && col.name === "question_code") {
        return `CASE WHEN regexp_full_match(refugio_fold(${raw}), '[a-z0-9_]+') THEN refugio_fold(${raw}) END`;
      }
      // A key that is not pseudonymous (a name, a DNI, a phone, an address) does not convert:
      // the cell is refused, and its value is never shown (see checks.ts).
      if (col.format === "pseudonymous_key") {
        return `CASE WHEN (regexp_full_match(${raw}, ${lit(pseudonymousKey.chars)}) AND regexp_matches(${raw}, ${lit(pseudonymousKey.letter)})) OR regexp_full_match(${raw}, ${lit(pseudonymousKey.shortNumber)}) THEN ${raw} END`;
      }
      return `CASE WHEN length(${raw}) <= 200 THEN ${raw} END`;
    case "integer":
      return `refugio_int(${raw})`;
    case "number":
      return `refugio_num(${raw})`;
    case "boolean":
      return `refugio_bool(${raw})`;
    case "date":
      return `refugio_date(${raw})`;
    case "code": {
      const l = lookupOf(col.codes ?? "");
      // The code as written needs no folding (the common case in exports written by programs).
      return `COALESCE(${l.exact}[list_position(${l.exact}, ${raw})], ${l.codes}[list_position(${l.keys}, refugio_fold_code(${raw}))])`;
    }
  }
}

/** Candidates of an ambiguous label (NULL otherwise), for the reason of a failed code. */
export function codeCandidates(col: ColumnDef, raw: string): string {
  const l = lookupOf(col.codes ?? "");
  return `${l.candidates}[list_position(${l.keys}, refugio_fold_code(${raw}))]`;
}

/** Reason code of a failed conversion, decided in SQL from the raw text. */
export function failureReason(table: TableDef, col: ColumnDef, raw: string): string {
  switch (col.kind) {
    case "text":
      if (table.name === "coordinator_surveys" && col.name === "answer") return `'notSurveyAnswer'`;
      if (table.name === "coordinator_surveys" && col.name === "question_code") return `'badCodeFormat'`;
      if (col.format === "pseudonymous_key") return `'notPseudonymousKey'`;
      return `'textTooLong'`;
    case "integer":
      return `CASE WHEN refugio_num(${raw}) IS NULL THEN 'notNumber' ELSE 'notInteger' END`;
    case "number":
      return `'notNumber'`;
    case "boolean":
      return `'notBoolean'`;
    case "date":
      return `CASE WHEN refugio_date_shape(${raw}) THEN 'impossibleDate' ELSE 'notDate' END`;
    case "code":
      return `CASE WHEN ${codeCandidates(col, raw)} IS NOT NULL THEN 'ambiguousCode' ELSE 'unknownCode' END`;
  }
}

/** Only the named parameters a statement uses (DuckDB rejects unused ones). */
export function bind<T>(sql: string, params: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
}
