// Research exports: the consenting stays of a request, anonymised by the engine of
// @refugio/metrics (anonymise/), written as CSV and Parquet with a bilingual codebook and a
// manifest, zipped. Everything runs on one connection given by the caller (its TEMP tables are
// private to it); a second export needs a second connection.
//
// What never leaves: shelter codes, stay ids, person keys, child keys, batch ids, exact dates.
// Each export draws a fresh random secret; its keys are hashes of that secret with the stored
// natural key, and the secret is dropped when the export ends, so two exports cannot be joined
// with each other or with the database.
import type { DuckDBConnection } from "@duckdb/node-api";
import { listValue, LIST, VARCHAR, BOOLEAN, INTEGER } from "@duckdb/node-api";
import {
  anonymise,
  isPrimary,
  stayHierarchies,
  STAY_QUASI_IDENTIFIERS,
  type AnonymiseResult,
  type BaseClass,
  type StayQuasiIdentifier,
} from "@refugio/metrics";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { all, one, run } from "../db/query";
import { codebook } from "./codebook";
import { csvSafeSql } from "../ingest/csv-write";
import { fileColumns } from "./columns";
import type { ExportTable } from "@refugio/schemas";
import { exportRequestSchema, type ExportRequest, type ExportRequestInput } from "./request";

export const EXPORT_FORMAT = "refugio-research-export/1";
export const SOFTWARE_VERSION = "refugio 0.1.0";
export const CONTRACT_VERSION = "1";
/** Prosecutor risk above which a record is reported "at risk" (classes smaller than 10). */
export const RISK_THRESHOLD = 0.1;

export class ExportError extends Error {
  constructor(
    readonly es: string,
    readonly en: string,
  ) {
    super(`${es} / ${en}`);
    this.name = "ExportError";
  }
}

export interface ExportProgress {
  phase: string;
  done: number;
  total: number;
}

export interface ExportPlan {
  request: ExportRequest;
  quasiIdentifiers: StayQuasiIdentifier[];
  /** Sensitive attributes whose l-diversity is required (exit reason's is always reported). */
  sensitive: string[];
  /** Stays in the request's period and place (null when the count without consent is hidden). */
  staysSelected: number | null;
  /**
   * Of those, left out because consent_research is not true: a count of women who did not
   * consent, so 1 … k−1 is not shown (null), as any small count (docs/privacy.md).
   */
  staysWithoutConsent: number | null;
  anonymisation: Omit<AnonymiseResult, "released">;
}

const phases = (req: ExportRequest) => ["select", "search", ...req.tables.map((t) => `write:${t}`), "zip"];

export function parseExportRequest(input: ExportRequestInput | unknown): ExportRequest {
  const parsed = exportRequestSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ");
    throw new ExportError(`Solicitud de exportación no válida: ${detail}`, `Invalid export request: ${detail}`);
  }
  return parsed.data;
}

/** The stays the request covers (before consent): active in the period, in the network/region. */
const WHERE = `($from IS NULL OR coalesce(exit_date, DATE '9999-12-31') >= CAST($from AS DATE))
   AND ($to IS NULL OR admission_date <= CAST($to AS DATE))
   AND ($network IS NULL OR network_code = $network)
   AND ($region IS NULL OR region_code = $region)`;

const filterParams = (r: ExportRequest) => ({ from: r.from ?? null, to: r.to ?? null, network: r.network ?? null, region: r.region ?? null });

/** Level-0 value of each quasi-identifier, as SQL over stay_facts (dates as months at most). */
const QI_BASE_SQL: Record<StayQuasiIdentifier, string> = {
  region: "region_code",
  model: "model",
  age_band: "age_band",
  admission_month: "strftime(admission_date, '%Y-%m')",
  exit_month: "strftime(exit_date, '%Y-%m')",
  disability: "CAST(disability AS VARCHAR)",
  minority_language: "CAST(minority_language AS VARCHAR)",
  children: "CAST(coalesce(children_in_stay, children_rows) AS VARCHAR)",
  risk_level: "risk_level",
};

/**
 * Select the consenting stays into TEMP tables and run the search. Leaves `exp_base` (one row per
 * consenting stay, with its class) and `exp_released` (per class: kept, released QI values, the cap
 * on linked child rows) on `conn` for `writeExport`.
 */
export async function planExport(conn: DuckDBConnection, input: ExportRequestInput | ExportRequest, opts: { secret?: Buffer; onProgress?: (p: ExportProgress) => void } = {}): Promise<ExportPlan> {
  const request = parseExportRequest(input);
  const total = phases(request).length;
  opts.onProgress?.({ phase: "select", done: 0, total });
  const hasFacts = await one<{ n: number }>(conn, `SELECT count(*) AS n FROM duckdb_views() WHERE view_name = 'stay_facts'`);
  if (!hasFacts?.n) throw new ExportError("la base no tiene datos cargados", "the database holds no loaded data");
  // With l-diversity, risk level is a sensitive attribute (l-diverse) instead of a quasi-identifier.
  const quasiIdentifiers = STAY_QUASI_IDENTIFIERS.filter((q) => !(request.l && q === "risk_level"));
  // Exit reason's diversity is always measured and reported; with l it is required, of risk level too.
  const sensitive = request.l ? ["exit_reason", "risk_level"] : ["exit_reason"];
  const secret = (opts.secret ?? randomBytes(32)).toString("hex");

  const counts = await one<{ selected: number; without: number }>(
    conn,
    `SELECT count(*) AS selected, count(*) FILTER (WHERE consent_research IS NOT TRUE) AS without FROM stay_facts WHERE ${WHERE}`,
    filterParams(request),
  );
  const qiCols = quasiIdentifiers.map((q) => `${QI_BASE_SQL[q]} AS ${q}`).join(", ");
  await run(
    conn,
    `CREATE OR REPLACE TEMP TABLE exp_base AS
     SELECT *, dense_rank() OVER (ORDER BY ${quasiIdentifiers.map((q) => `${q} NULLS FIRST`).join(", ")}) - 1 AS class_id FROM (
       SELECT shelter_code, stay_id, admission_date, exit_date,
              substr(sha256($secret || chr(31) || shelter_code || chr(31) || stay_id), 1, 24) AS stay_key,
              ${qiCols},
              risk_level, referral_source, protection_order, legal_representation, extension_granted, exit_reason,
              exit_plan_done, safety_plan_done, workshop_certified, employment_at_exit, companions_in_stay,
              rse_admission, rse_exit, rse_change, rse_rci_improved, followup_6m_achieved
       FROM stay_facts WHERE consent_research IS TRUE AND ${WHERE})`,
    { secret, ...filterParams(request) },
  );
  // Later files hash child keys with the same secret: keep it on this connection only, as a TEMP table.
  await run(conn, `CREATE OR REPLACE TEMP TABLE exp_secret AS SELECT CAST($secret AS VARCHAR) AS secret`, { secret });
  opts.onProgress?.({ phase: "search", done: 1, total });

  const sensList = sensitive.map((s) => `list(DISTINCT coalesce(${s}, '')) AS s_${s}`).join(", ");
  const freq = await all<Record<string, unknown>>(
    conn,
    `SELECT class_id, ${quasiIdentifiers.map((q) => `any_value(${q}) AS ${q}`).join(", ")}, count(*) AS n${sensList ? `, ${sensList}` : ""}
     FROM exp_base GROUP BY class_id ORDER BY class_id`,
  );
  const classes: BaseClass[] = freq.map((row) => ({
    values: quasiIdentifiers.map((q) => (row[q] == null ? null : String(row[q]))),
    count: Number(row.n),
    sensitive: Object.fromEntries(sensitive.map((s) => [s, ((row[`s_${s}`] as string[] | null) ?? []).map((v) => (v === "" ? null : v))])),
  }));
  if (classes.length === 0) {
    throw new ExportError("ninguna estancia con consentimiento para investigación en la selección", "no stay with research consent in the selection");
  }
  const hierarchies = quasiIdentifiers.map((q) => stayHierarchies[q]);
  let result: AnonymiseResult;
  try {
    result = anonymise({ hierarchies, classes, k: request.k, l: request.l, sensitive, maxSuppression: request.maxSuppression, riskThreshold: RISK_THRESHOLD });
  } catch (error) {
    if (error instanceof Error && "es" in error && "en" in error) throw new ExportError(String(error.es), String(error.en));
    throw error;
  }

  // Released values per class, into a TEMP table joined back by class id.
  const childLevel = quasiIdentifiers.indexOf("children");
  const cap = result.released.map((v) => (v && childLevel >= 0 ? (stayHierarchies.children.lowerBound?.(v[childLevel] ?? null) ?? 0) : 0));
  const cols = quasiIdentifiers.map((q, d) => listValue(result.released.map((v) => (v ? (v[d] ?? null) : null))));
  const prepared = await conn.prepare(
    `CREATE OR REPLACE TEMP TABLE exp_released AS SELECT unnest($1::INTEGER[]) AS class_id, unnest($2::BOOLEAN[]) AS keep, unnest($3::INTEGER[]) AS child_cap,
       ${quasiIdentifiers.map((q, d) => `unnest($${d + 4}::VARCHAR[]) AS ${q}`).join(", ")}`,
  );
  prepared.bind(
    [listValue(result.released.map((_, i) => i)), listValue(result.released.map((v) => v !== null)), listValue(cap), ...cols],
    [LIST(INTEGER), LIST(BOOLEAN), LIST(INTEGER), ...cols.map(() => LIST(VARCHAR))],
  );
  await prepared.run();
  const { released: _released, ...anonymisation } = result;
  // Without the children QI (never: it is always declared) no child row could be linked safely.
  if (childLevel < 0) throw new Error("export: the children quasi-identifier is required");
  const without = counts?.without ?? 0;
  const hidden = isPrimary({ id: "stays_without_consent", kind: "count", numerator: without, denominator: null }, request.k);
  return {
    request,
    quasiIdentifiers,
    sensitive: request.l ? sensitive : [],
    staysSelected: hidden ? null : (counts?.selected ?? 0),
    staysWithoutConsent: hidden ? null : without,
    anonymisation,
  };
}

/** The rows of one file over the TEMP tables, with its columns named (values as stored types). */
function fileQuery(table: ExportTable, plan: ExportPlan): string {
  const cols = fileColumns(table, plan.quasiIdentifiers, plan.request.variables)
    .map((c) => `${c.sql} AS "${c.name}"`)
    .join(", ");
  const kept = `exp_base b JOIN exp_released r USING (class_id)`;
  switch (table) {
    case "stays":
      return `SELECT ${cols} FROM ${kept} WHERE r.keep ORDER BY b.stay_key`;
    case "children":
      // At most as many child rows per stay as the released `children` value says (2+ → 2, * → 0).
      return `SELECT ${cols} FROM (
          SELECT c.*, substr(sha256((SELECT secret FROM exp_secret) || chr(31) || c.shelter_code || chr(31) || c.stay_id || chr(31) || c.child_key), 1, 24) AS export_child_key
          FROM children c) t
        JOIN ${kept} ON t.shelter_code = b.shelter_code AND t.stay_id = b.stay_id
        WHERE r.keep
        QUALIFY row_number() OVER (PARTITION BY b.stay_key ORDER BY t.export_child_key) <= r.child_cap
        ORDER BY b.stay_key, t.export_child_key`;
    case "assessments":
      return `SELECT ${cols} FROM assessments t JOIN ${kept} ON t.shelter_code = b.shelter_code AND t.stay_id = b.stay_id
        WHERE r.keep ORDER BY b.stay_key, t.instrument, t.timepoint`;
    case "followups":
      return `SELECT ${cols} FROM followups t JOIN ${kept} ON t.shelter_code = b.shelter_code AND t.stay_id = b.stay_id
        WHERE r.keep ORDER BY b.stay_key, t.contact_date`;
  }
}

/** The same rows for the CSV: text cells that start like a formula neutralised (csvSafeSql). */
function csvQuery(table: ExportTable, plan: ExportPlan): string {
  const cols = fileColumns(table, plan.quasiIdentifiers, plan.request.variables).map((c) => `${csvSafeSql(`"${c.name}"`)} AS "${c.name}"`);
  return `SELECT ${cols.join(", ")} FROM exp_file`;
}

export interface ExportFile {
  name: string;
  rows?: number;
  bytes: number;
  sha256: string;
}

export interface ExportManifest {
  format: string;
  export_id: string;
  created_at: string;
  created_by: string;
  request: ExportRequest;
  software: { refugio: string; duckdb: string };
  contract_version: string;
  privacy: {
    model: string;
    k: number;
    l: number | null;
    k_reached: number;
    l_reached: Record<string, number>;
    quasi_identifiers: string[];
    sensitive: string[];
    generalisations: ExportPlan["anonymisation"]["generalisations"];
    suppression_limit: number;
    risk: ExportPlan["anonymisation"]["risk"];
    risk_before: ExportPlan["anonymisation"]["riskBefore"];
    information_loss: ExportPlan["anonymisation"]["loss"];
    search: ExportPlan["anonymisation"]["search"];
  };
  counts: {
    /** null: fewer than k stays without consent, not shown (nor the total it would give away). */
    stays_selected: number | null;
    stays_without_consent: number | null;
    stays_consenting: number;
    stays_suppressed: number;
    stays_released: number;
    equivalence_classes: number;
    rows: Record<string, number>;
  };
  files: ExportFile[];
}

export interface ExportOutcome {
  manifest: ExportManifest;
  /** SHA-256 of manifest.json as written in the zip (what the audit log records). */
  manifestSha256: string;
  zip: Uint8Array;
  zipSha256: string;
}

const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

/** Write the planned export's files, codebook and manifest, and zip them (in memory). */
export async function writeExport(
  conn: DuckDBConnection,
  plan: ExportPlan,
  meta: { createdBy: string; exportId?: string; now?: Date; onProgress?: (p: ExportProgress) => void },
): Promise<ExportOutcome> {
  const total = phases(plan.request).length;
  const dir = await mkdtemp(join(tmpdir(), "refugio-export-"));
  try {
    const files: Record<string, Uint8Array> = {};
    const listed: ExportFile[] = [];
    const rows: Record<string, number> = {};
    let step = 2;
    for (const table of plan.request.tables) {
      meta.onProgress?.({ phase: `write:${table}`, done: step, total });
      const csvPath = join(dir, `${table}.csv`);
      const parquetPath = join(dir, `${table}.parquet`);
      // The file's rows once, in order; then the two formats from them. Paths are created here
      // (mkdtemp + fixed names) and passed as parameters.
      // DuckDB keeps insertion order (preserve_insertion_order), so both files keep the query's ORDER BY.
      await run(conn, `CREATE OR REPLACE TEMP TABLE exp_file AS ${fileQuery(table, plan)}`);
      const cols = fileColumns(table, plan.quasiIdentifiers, plan.request.variables).map((c) => `"${c.name}"`).join(", ");
      await run(conn, `COPY (${csvQuery(table, plan)}) TO $path (FORMAT csv, HEADER true)`, { path: csvPath });
      await run(conn, `COPY (SELECT ${cols} FROM exp_file) TO $path (FORMAT parquet)`, { path: parquetPath });
      const n = await one<{ n: number }>(conn, `SELECT count(*) AS n FROM exp_file`);
      rows[table] = n?.n ?? 0;
      for (const [name, path] of [[`${table}.csv`, csvPath], [`${table}.parquet`, parquetPath]] as const) {
        const bytes = new Uint8Array(await readFile(path));
        files[name] = bytes;
        listed.push({ name, rows: rows[table], bytes: bytes.length, sha256: sha256(bytes) });
      }
      step++;
    }
    meta.onProgress?.({ phase: "zip", done: step, total });
    for (const [name, text] of Object.entries(codebook(plan))) {
      const bytes = new TextEncoder().encode(text);
      files[name] = bytes;
      listed.push({ name, bytes: bytes.length, sha256: sha256(bytes) });
    }
    const duckdb = (await one<{ v: string }>(conn, `SELECT version() AS v`))?.v ?? "";
    const a = plan.anonymisation;
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      export_id: meta.exportId ?? randomUUID(),
      created_at: (meta.now ?? new Date()).toISOString(),
      created_by: meta.createdBy,
      request: plan.request,
      software: { refugio: SOFTWARE_VERSION, duckdb },
      contract_version: CONTRACT_VERSION,
      privacy: {
        model: "k-anonymity with local record suppression" + (plan.request.l ? ", distinct l-diversity" : "") + "; prosecutor re-identification risk",
        k: plan.request.k,
        l: plan.request.l ?? null,
        k_reached: a.kReached,
        l_reached: a.lReached,
        quasi_identifiers: plan.quasiIdentifiers,
        sensitive: plan.sensitive,
        generalisations: a.generalisations,
        suppression_limit: plan.request.maxSuppression,
        risk: a.risk,
        risk_before: a.riskBefore,
        information_loss: a.loss,
        search: a.search,
      },
      counts: {
        stays_selected: plan.staysSelected,
        stays_without_consent: plan.staysWithoutConsent,
        stays_consenting: a.records,
        stays_suppressed: a.suppressed,
        stays_released: a.kept,
        equivalence_classes: a.classes,
        rows,
      },
      files: listed,
    };
    const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
    files["manifest.json"] = new TextEncoder().encode(manifestText);
    // A fixed timestamp in the zip entries: the archive says nothing the manifest does not.
    // Parquet is compressed already: stored as is; text is deflated quickly (level 1).
    const entries = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, [bytes, { level: name.endsWith(".parquet") ? 0 : 1 }] as [Uint8Array, { level: 0 | 1 }]]));
    const zip = zipSync(entries, { mtime: new Date("2000-01-01T00:00:00Z") });
    meta.onProgress?.({ phase: "done", done: total, total });
    return { manifest, manifestSha256: sha256(manifestText), zip, zipSha256: sha256(zip) };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await dropTemp(conn);
  }
}

/** Drop the export's TEMP tables (the secret with them). */
export async function dropTemp(conn: DuckDBConnection): Promise<void> {
  for (const t of ["exp_file", "exp_secret", "exp_released", "exp_base"]) await run(conn, `DROP TABLE IF EXISTS temp.${t}`).catch(() => undefined);
}

/** Preview: the plan's figures, nothing written, the TEMP tables dropped. */
export async function previewExport(conn: DuckDBConnection, input: ExportRequestInput | ExportRequest): Promise<ExportPlan> {
  try {
    return await planExport(conn, input);
  } finally {
    await dropTemp(conn);
  }
}

/** Plan and write in one go (the CLI, the API's create). */
export async function buildExport(
  conn: DuckDBConnection,
  input: ExportRequestInput | ExportRequest,
  meta: { createdBy: string; exportId?: string; onProgress?: (p: ExportProgress) => void },
): Promise<ExportOutcome & { plan: ExportPlan }> {
  try {
    const plan = await planExport(conn, input, { onProgress: meta.onProgress });
    return { ...(await writeExport(conn, plan, meta)), plan };
  } finally {
    await dropTemp(conn);
  }
}


