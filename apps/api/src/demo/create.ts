// createDemo: write the demo network to a temporary folder and load it the way real data is
// loaded (registry import, then batch ingestion), record the Aurora recommendation updates and
// create the demo accounts. The result is an ordinary Refugio database.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { IngestReport, Role } from "@refugio/schemas";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "../auth/passwords";
import { addUser } from "../auth/users";
import { openDatabase } from "../db/connection";
import { bumpDataVersion } from "../db/migrations";
import { all, one, run, transaction } from "../db/query";
import { importRegistry, ingestBatches } from "../ingest/index";
import type { Row } from "./csv";
import { writeDemoNetwork } from "./write";

/** Password of every demo account. The demo database is public: never use it for real data. */
export const DEMO_PASSWORD = "demo-password";

export interface DemoProgress {
  phase: string;
  done: number;
  total: number;
}

export interface CreateDemoOptions {
  seed?: number;
  scale?: number;
  /** End of the data (ISO date); defaults to today (UTC). */
  today?: string;
  /** Keep the written registry and batches in this folder (default: a temporary folder, removed). */
  outDir?: string;
  onProgress?: (p: DemoProgress) => void;
}

export interface DemoAccount {
  username: string;
  role: Role;
  network_code: string | null;
  shelter_code: string | null;
}

export interface DemoNetworkSummary {
  network_code: string;
  network_name: string | null;
  shelters: number;
  women: number;
  stays: number;
  open_stays: number;
  children: number;
  companions: number;
}

export interface DemoSummary {
  dbPath: string;
  seed: number;
  scale: number;
  today: string;
  networks: DemoNetworkSummary[];
  recommendationUpdates: number;
  /** Problems the ingester reported on the demo batches (warnings only: errors reject). */
  ingestWarnings: IngestReport["problems"];
  accounts: DemoAccount[];
  password: string;
  ms: { write: number; registry: number; ingest: number; accounts: number; total: number };
}

export class DemoLoadError extends Error {
  constructor(readonly report: IngestReport) {
    const first = report.problems
      .slice(0, 5)
      .map((p) => `${p.file}${p.line ? `:${p.line}` : ""}${p.column ? ` ${p.column}` : ""}: ${p.reason.en}`)
      .join("; ");
    super(`demo batches were rejected by the ingester / el ingestor rechazó los lotes de demostración: ${first}`);
    this.name = "DemoLoadError";
  }
}

export function demoAccounts(shelterCodes: readonly string[]): DemoAccount[] {
  const base: DemoAccount[] = [
    { username: "admin", role: "admin", network_code: null, shelter_code: null },
    { username: "ministry", role: "ministry", network_code: null, shelter_code: null },
    { username: "director-aurora", role: "network_director", network_code: "pe-aurora", shelter_code: null },
    { username: "director-bogota", role: "network_director", network_code: "co-bogota", shelter_code: null },
    { username: "researcher", role: "researcher", network_code: null, shelter_code: null },
  ];
  return [...base, ...shelterCodes.map((code) => ({ username: `shelter-${code}`, role: "shelter_staff" as const, network_code: null, shelter_code: code }))];
}

async function assertEmpty(conn: DuckDBConnection): Promise<void> {
  const r = await one<{ shelters: number; users: number; stays: number }>(
    conn,
    `SELECT (SELECT count(*) FROM shelters) AS shelters, (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM stays) AS stays`,
  );
  if (r && (r.shelters > 0 || r.users > 0 || r.stays > 0)) {
    throw new Error("la base de datos no está vacía / the database is not empty: the demo only loads into a new database");
  }
}

async function recordRecommendations(conn: DuckDBConnection, rows: readonly Row[]): Promise<void> {
  await transaction(conn, async () => {
    for (const r of rows) {
      await run(
        conn,
        `INSERT INTO recommendation_updates (recommendation_code, scope, scope_code, network_code, status, updated_on, evidence, linked_indicators, updated_by)
         VALUES ($code, $scope, $scope_code, $network, $status, CAST($updated_on AS DATE), $evidence, $linked, $by)`,
        {
          network: r.network_code == null ? null : String(r.network_code),
          code: String(r.recommendation_code),
          scope: String(r.scope),
          scope_code: r.scope_code == null ? "" : String(r.scope_code),
          status: String(r.status),
          updated_on: String(r.updated_on),
          evidence: r.evidence == null ? null : String(r.evidence),
          linked: r.linked_indicators == null ? null : String(r.linked_indicators),
          // Recorded by the network's director, as they would be through the dashboard.
          by: "director-aurora",
        },
      );
    }
    await bumpDataVersion(conn);
  });
}

export async function networkSummary(conn: DuckDBConnection): Promise<DemoNetworkSummary[]> {
  return all<DemoNetworkSummary>(
    conn,
    `SELECT n.network_code, n.network_name,
            count(DISTINCT sh.shelter_code) AS shelters,
            count(DISTINCT s.person_key) AS women,
            count(s.stay_id) AS stays,
            count(s.stay_id) FILTER (WHERE s.exit_date IS NULL) AS open_stays,
            COALESCE(sum(s.children_in_stay), 0) AS children,
            COALESCE(sum(s.companions_in_stay), 0) AS companions
     FROM networks n
     JOIN shelters sh USING (network_code)
     LEFT JOIN stays s ON s.shelter_code = sh.shelter_code
     GROUP BY n.network_code, n.network_name
     ORDER BY n.network_code`,
  );
}

export async function createDemo(dbPath: string, opts: CreateDemoOptions = {}): Promise<DemoSummary> {
  const seed = opts.seed ?? 1;
  const scale = opts.scale ?? 1;
  const progress = (phase: string, done: number, total: number) => opts.onProgress?.({ phase, done, total });
  const t0 = Date.now();
  const dir = opts.outDir ?? (await mkdtemp(join(tmpdir(), "refugio-demo-")));
  try {
    progress("write", 0, 1);
    const files = await writeDemoNetwork(dir, { seed, scale, today: opts.today });
    const tWrite = Date.now();
    progress("write", 1, 1);

    const db = await openDatabase(dbPath);
    try {
      const conn = db.connection;
      await assertEmpty(conn);
      progress("registry", 0, 1);
      await importRegistry(conn, files.registryFile, { loadedBy: "demo" });
      const tRegistry = Date.now();
      progress("registry", 1, 1);

      // The submission history first (quarterly batches, each at the time it was received), then
      // each shelter's full export, which replaces their rows (demo/submissions.ts).
      const history = await ingestBatches(conn, files.historyDirs, {
        loadedBy: "demo",
        loadedAt: (source) => files.historyLoadedAt.get(source),
        onProgress: (p) => progress(`history:${p.phase}`, p.done, p.total),
      });
      if (!history.ok) throw new DemoLoadError(history);
      const report = await ingestBatches(conn, files.batchDirs, {
        loadedBy: "demo",
        loadedAt: `${files.data.today} 12:00:00`,
        onProgress: (p) => progress(`ingest:${p.phase}`, p.done, p.total),
      });
      if (!report.ok) throw new DemoLoadError(report);
      const tIngest = Date.now();

      progress("accounts", 0, 1);
      await recordRecommendations(conn, files.data.recommendations);
      // One scrypt hash for every demo account: reusing the salt would be wrong for real
      // accounts, but these are public demo accounts with a published password, so nothing is
      // lost and the demo is ready in a fraction of a second instead of ~0.3 s per account.
      // Passing the hash also skips the weak-password check (auth/passwords.ts): demo-password is a
      // published password of public demo accounts that exist only in the demo database.
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      const accounts = demoAccounts(files.data.shelters.map((s) => s.spec.code));
      await transaction(conn, async () => {
        for (const a of accounts) await addUser(conn, { ...a, password: DEMO_PASSWORD }, { passwordHash });
      });
      const tAccounts = Date.now();
      progress("accounts", 1, 1);

      return {
        dbPath: db.path,
        seed,
        scale,
        today: files.data.today,
        networks: await networkSummary(conn),
        recommendationUpdates: files.data.recommendations.length,
        ingestWarnings: [...history.problems, ...report.problems],
        accounts,
        password: DEMO_PASSWORD,
        ms: {
          write: tWrite - t0,
          registry: tRegistry - tWrite,
          ingest: tIngest - tRegistry,
          accounts: tAccounts - tIngest,
          total: Date.now() - t0,
        },
      };
    } finally {
      db.close();
    }
  } finally {
    if (!opts.outDir) await rm(dir, { recursive: true, force: true });
  }
}
