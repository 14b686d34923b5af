// Shared fixtures of the ingest tests: temp folders, a DuckDB file with a registry, and small
// hand-written batches whose every cell is known.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection";
import { all } from "../../src/db/query";
import { ingestBatches } from "../../src/ingest/ingest";
import { importRegistry } from "../../src/ingest/registry";

export const SHELTER = "t-01";

export function tempDir(label: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `refugio-test-${label}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const registryCsv = [
  "shelter_code,network_code,network_name,country,region_code,model,capacity_places,capacity_rooms,opened_on,closed_on,operator_type,has_exclusive_coordinator",
  `${SHELTER},net-t,Red de prueba,PE,PE-CUS,hrt,20,8,2015-01-01,,subnational_government,true`,
  "t-02,net-t,Red de prueba,PE,PE-LIM,casa_refugio,12,6,2018-03-01,,civil_society,false",
].join("\n");

export async function dbWithRegistry(dir: string, name = "test.duckdb"): Promise<Database> {
  const db = await openDatabase(join(dir, name));
  const reg = join(dir, `registry-${name}.csv`);
  writeFileSync(reg, `${registryCsv}\n`);
  await importRegistry(db.connection, reg, { loadedBy: "test" });
  return db;
}

export interface BatchSpec {
  manifest?: Record<string, unknown> | null;
  files: Record<string, string | Uint8Array>;
}

export const defaultManifest = {
  contract_version: "1",
  shelter_code: SHELTER,
  exported_on: "2024-12-31",
  period_start: "2024-01-01",
  period_end: "2024-12-31",
};

/** Writes a batch folder: manifest.json (unless null) and the given files. */
export function writeBatchDir(dir: string, spec: BatchSpec): string {
  mkdirSync(dir, { recursive: true });
  if (spec.manifest !== null) writeFileSync(join(dir, "manifest.json"), JSON.stringify({ ...defaultManifest, ...(spec.manifest ?? {}) }));
  for (const [name, content] of Object.entries(spec.files)) writeFileSync(join(dir, name), content);
  return dir;
}

export const csv = (rows: string[][], delimiter = ",") => `${rows.map((r) => r.join(delimiter)).join("\n")}\n`;

export const staysRows = [
  ["stay_id", "person_key", "shelter_code", "admission_date", "exit_date", "referral_source", "protection_order", "risk_level_at_admission", "age_band", "children_in_stay", "exit_reason", "consent_followup"],
  ["S1", "P1", SHELTER, "2024-01-10", "2024-03-01", "juzgado", "true", "severe", "25-34", "1", "plan_completed", "true"],
  ["S2", "P2", SHELTER, "2024-02-01", "", "self", "false", "moderate", "18-24", "0", "", "false"],
];
export const childrenRows = [
  ["child_key", "stay_id", "age_band", "school_enrolled_at_admission"],
  ["C1", "S1", "6-11", "true"],
];
export const assessmentRows = [
  ["stay_id", "instrument", "timepoint", "assessed_on", "total_score"],
  ["S1", "rosenberg_ses", "admission", "2024-01-11", "14"],
  ["S1", "rosenberg_ses", "exit", "2024-02-28", "22.5"],
];
export const followupRows = [
  ["stay_id", "contact_date", "mode", "contact_achieved"],
  ["S1", "2024-06-01", "phone", "true"],
];

export const goodFiles = () => ({
  "stays.csv": csv(staysRows),
  "children.csv": csv(childrenRows),
  "assessments.csv": csv(assessmentRows),
  "followups.csv": csv(followupRows),
});

/** Row counts of every contract table plus load_log: the "state" a failed load must not change. */
export async function snapshot(db: Database): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const t of ["stays", "children", "assessments", "followups", "service_surveys", "coordinator_surveys", "compliance_checks", "load_log"]) {
    out[t] = (await all<{ n: number }>(db.connection, `SELECT count(*) AS n FROM ${t}`))[0]?.n;
  }
  out.batches = await all(db.connection, `SELECT batch_id, content_hash FROM load_log ORDER BY batch_id`);
  out.stays_rows = await all(db.connection, `SELECT * FROM stays ORDER BY shelter_code, stay_id`);
  return out;
}

/**
 * A test file's database: `fresh()` replaces it with a new one holding the registry (called once
 * before the file's tests too); it is closed, and its folder removed, after them.
 */
export function freshDatabases(label: string) {
  const t = tempDir(label);
  let current: Database | undefined;
  let n = 0;
  const db = (): Database => {
    if (!current) throw new Error("no database yet: call fresh()");
    return current;
  };
  const fresh = async () => {
    n += 1;
    current?.close();
    current = await dbWithRegistry(t.dir, `${label}-${n}.duckdb`);
    return current;
  };
  beforeAll(fresh);
  afterAll(() => {
    try {
      current?.close();
    } finally {
      t.cleanup();
    }
  });
  return {
    dir: t.dir,
    db,
    fresh,
    load: (dir: string) => ingestBatches(db().connection, [dir], { loadedBy: "test" }),
    stay: async (id: string) => (await all(db().connection, `SELECT * FROM stays WHERE stay_id = $id`, { id }))[0],
  };
}
