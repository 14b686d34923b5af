// An independent checker of a research export, from its files alone: it imports nothing of the
// code that wrote them (src/exports, @refugio/metrics anonymise). It reads the zip with fflate,
// parses the CSVs itself, reads the Parquet files with a fresh DuckDB, and checks the promises of
// docs/privacy.md ("Microdata exports") against what the files contain.
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";

/** The quasi-identifiers the issue declares (risk level moves to the sensitive side with l). */
export const DECLARED_QIS = ["region", "model", "age_band", "admission_month", "exit_month", "disability", "minority_language", "children", "risk_level"];

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export interface Table {
  header: string[];
  rows: Record<string, string>[];
}

/** The manifest fields the checker reads (declared here, not imported from the writer). */
export interface Manifest {
  request: { k: number; l?: number | null; tables: string[]; maxSuppression: number };
  privacy: { quasi_identifiers: string[]; k_reached: number; l: number | null; generalisations: unknown[] };
  counts: { stays_selected: number | null; stays_released: number; stays_suppressed: number; stays_consenting: number; stays_without_consent: number | null; equivalence_classes: number; rows: Record<string, number> };
  files: { name: string; sha256: string; bytes: number; rows?: number }[];
}

export interface OpenedExport {
  files: Record<string, Uint8Array>;
  manifest: Manifest;
  csv: Record<string, Table>;
  parquetRows: Record<string, Record<string, unknown>[]>;
}

export async function openExport(zip: Uint8Array): Promise<OpenedExport> {
  const files = unzipSync(zip);
  const manifestBytes = files["manifest.json"];
  if (!manifestBytes) throw new Error("no manifest.json in the zip");
  const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as Manifest;
  const csv: Record<string, Table> = {};
  for (const [name, bytes] of Object.entries(files)) {
    if (!name.endsWith(".csv")) continue;
    const [header = [], ...body] = parseCsv(new TextDecoder().decode(bytes));
    csv[name.replace(/\.csv$/, "")] = { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]))) };
  }
  const dir = mkdtempSync(join(tmpdir(), "export-check-"));
  const parquetRows: Record<string, Record<string, unknown>[]> = {};
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    for (const [name, bytes] of Object.entries(files)) {
      if (!name.endsWith(".parquet")) continue;
      const path = join(dir, name);
      writeFileSync(path, bytes);
      parquetRows[name.replace(/\.parquet$/, "")] = (await conn.runAndReadAll(`SELECT * FROM read_parquet($p)`, { p: path })).getRowObjectsJson() as Record<string, unknown>[];
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
  return { files, manifest, csv, parquetRows };
}

export interface Truth {
  /** Every stored identifier: shelter codes, stay ids, person keys, child keys, batch ids. */
  identifiers: Set<string>;
  shelterCodes: string[];
  consenting: number;
  withoutConsent: number;
}

/**
 * What the checker compares against, read from the database before a server takes the file.
 * `prepare` runs first on the same connection (a test that marks rows before reading them).
 */
export async function readTruth(db: string, prepare?: (conn: DuckDBConnection) => Promise<void>): Promise<Truth> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    await prepare?.(conn);
    const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, string>[];
    const ids = await q(`SELECT shelter_code AS v FROM shelters UNION SELECT stay_id FROM stays UNION SELECT person_key FROM stays UNION SELECT batch_id FROM stays UNION SELECT child_key FROM children`);
    const counts = (await q(`SELECT count(*) FILTER (WHERE consent_research IS TRUE) AS yes, count(*) FILTER (WHERE consent_research IS NOT TRUE) AS no FROM stays`))[0];
    return {
      identifiers: new Set(ids.map((r) => String(r.v))),
      shelterCodes: (await q(`SELECT shelter_code AS v FROM shelters`)).map((r) => String(r.v)),
      consenting: Number(counts?.yes),
      withoutConsent: Number(counts?.no),
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Everything wrong with an export, as readable lines (empty = fine). */
export function problems(x: OpenedExport, truth: Truth): string[] {
  const out: string[] = [];
  const m = x.manifest;
  const k: number = m.request.k;
  const l: number | null = m.request.l ?? null;
  const qis: string[] = m.privacy.quasi_identifiers;
  const expectedQis = l ? DECLARED_QIS.filter((q) => q !== "risk_level") : DECLARED_QIS;
  if (JSON.stringify(qis) !== JSON.stringify(expectedQis)) out.push(`quasi-identifiers ${qis.join(",")} are not the declared ${expectedQis.join(",")}`);
  if (k < 3) out.push(`k ${k} below 3`);

  // Hashes and sizes of every file; no file missing from the manifest.
  const listed = new Map(m.files.map((f) => [f.name, f]));
  for (const [name, bytes] of Object.entries(x.files)) {
    if (name === "manifest.json") continue;
    const f = listed.get(name);
    if (!f) out.push(`${name} is not listed in the manifest`);
    else if (f.sha256 !== createHash("sha256").update(bytes).digest("hex") || f.bytes !== bytes.length) out.push(`${name}: hash or size differs from the manifest`);
  }
  for (const name of listed.keys()) if (!x.files[name]) out.push(`${name} is in the manifest but not in the zip`);
  for (const name of ["codebook.es.md", "codebook.en.md"]) if (!x.files[name]) out.push(`${name} missing`);

  // Row counts: manifest = CSV = Parquet.
  for (const table of m.request.tables) {
    const c = x.csv[table]?.rows.length;
    const p = x.parquetRows[table]?.length;
    if (c === undefined || p === undefined) out.push(`${table}: CSV or Parquet missing`);
    else if (c !== p || c !== m.counts.rows[table] || listed.get(`${table}.csv`)?.rows !== c) out.push(`${table}: ${c} CSV rows, ${p} Parquet rows, manifest ${m.counts.rows[table]}`);
  }
  // CSV and Parquet hold the same rows in the same order, ordered by the random key (so the order
  // says nothing about shelters or dates).
  for (const table of m.request.tables) {
    const keyCol = table === "children" ? "child_key" : "stay_key";
    const fromCsv = (x.csv[table]?.rows ?? []).map((r) => r[keyCol]);
    const fromParquet = (x.parquetRows[table] ?? []).map((r) => String(r[keyCol]));
    if (JSON.stringify(fromCsv) !== JSON.stringify(fromParquet)) out.push(`${table}: CSV and Parquet rows differ in keys or order`);
    const stayKeys = (x.csv[table]?.rows ?? []).map((r) => r.stay_key ?? "");
    if (stayKeys.some((k, i) => i > 0 && (stayKeys[i - 1] as string) > k)) out.push(`${table}: rows not ordered by stay_key`);
  }
  const stays = x.csv.stays?.rows ?? [];
  if (stays.length !== m.counts.stays_released) out.push(`stays released ${m.counts.stays_released} in the manifest, ${stays.length} in stays.csv`);
  if (m.counts.stays_consenting !== truth.consenting) out.push(`manifest says ${m.counts.stays_consenting} consenting stays, the database has ${truth.consenting}`);
  // A count of 1 … k−1 stays without consent is hidden (null); any other is exact.
  const hiddenOk = m.counts.stays_without_consent === null && truth.withoutConsent > 0 && truth.withoutConsent < k;
  if (m.counts.stays_without_consent !== truth.withoutConsent && !hiddenOk) out.push(`manifest says ${m.counts.stays_without_consent} stays without consent, the database has ${truth.withoutConsent}`);
  if (m.counts.stays_released + m.counts.stays_suppressed !== m.counts.stays_consenting) out.push("released + suppressed ≠ consenting");
  if (m.counts.stays_suppressed > Math.floor(m.request.maxSuppression * m.counts.stays_consenting)) out.push("more stays suppressed than the limit");

  // k-anonymity and l-diversity on the declared quasi-identifiers, counted from stays.csv.
  const classes = new Map<string, Record<string, string>[]>();
  for (const r of stays) {
    const key = JSON.stringify(qis.map((q) => r[q]));
    classes.set(key, [...(classes.get(key) ?? []), r]);
  }
  let smallest = Infinity;
  for (const [key, members] of classes) {
    smallest = Math.min(smallest, members.length);
    if (members.length < k) out.push(`class ${key} has ${members.length} < k = ${k} stays`);
    if (l) {
      for (const attr of ["exit_reason", "risk_level"]) {
        const distinct = new Set(members.map((r) => r[attr])).size;
        if (distinct < l) out.push(`class ${key}: ${distinct} distinct ${attr} < l = ${l}`);
      }
    }
  }
  if (stays.length && smallest !== m.privacy.k_reached) out.push(`k reached ${m.privacy.k_reached} in the manifest, ${smallest} in the file`);
  if (classes.size !== m.counts.equivalence_classes) out.push(`${classes.size} classes in the file, ${m.counts.equivalence_classes} in the manifest`);

  // Child rows per stay never exceed what the released number of children says.
  const bound = (v: string | undefined) => (v === undefined || v === "" || v === "*" ? 0 : Number.parseInt(v, 10));
  const childrenOf = new Map<string, number>();
  for (const c of x.csv.children?.rows ?? []) childrenOf.set(c.stay_key as string, (childrenOf.get(c.stay_key as string) ?? 0) + 1);
  const stayByKey = new Map(stays.map((s) => [s.stay_key as string, s]));
  for (const [key, n] of childrenOf) {
    const s = stayByKey.get(key);
    if (!s) out.push(`child rows of a stay not in stays.csv`);
    else if (n > bound(s.children)) out.push(`stay with children=${s.children} has ${n} child rows`);
  }
  for (const t of ["assessments", "followups"]) for (const r of x.csv[t]?.rows ?? []) if (!stayByKey.has(r.stay_key as string)) out.push(`${t}: a row of a stay not in stays.csv`);

  // No stored identifier, no exact date, no formula cell, anywhere.
  const isoDate = /^\d{4}-\d{2}-\d{2}/;
  for (const [table, t] of Object.entries(x.csv)) {
    for (const r of t.rows) {
      for (const [col, v] of Object.entries(r)) {
        if (truth.identifiers.has(v)) out.push(`${table}.${col}: a stored identifier`);
        if (isoDate.test(v)) out.push(`${table}.${col}: an exact date ${v}`);
        if (/^[=+\-@\t\r]/.test(v)) out.push(`${table}.${col}: a formula-like cell ${v}`);
      }
    }
  }
  for (const [table, rows] of Object.entries(x.parquetRows)) {
    for (const r of rows) for (const [col, v] of Object.entries(r)) {
      if (typeof v === "string" && (truth.identifiers.has(v) || isoDate.test(v))) out.push(`${table}.parquet ${col}: identifier or exact date`);
    }
  }
  for (const [name, bytes] of Object.entries(x.files)) {
    if (name.endsWith(".parquet")) continue;
    const text = new TextDecoder().decode(bytes);
    for (const code of truth.shelterCodes) if (text.includes(code)) out.push(`${name} contains shelter code ${code}`);
  }
  return out;
}

/** Every key of an export (stay and child keys). */
export function keysOf(x: OpenedExport): Set<string> {
  const keys = new Set<string>();
  for (const t of Object.values(x.csv)) for (const r of t.rows) for (const col of ["stay_key", "child_key"]) if (r[col]) keys.add(r[col] as string);
  return keys;
}
