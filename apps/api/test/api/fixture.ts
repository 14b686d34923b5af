// A small but real fixture: three networks' registry, a few dozen stays per shelter, compliance
// checks, recommendation updates and load_log rows, written with SQL into a DuckDB file in a temp
// folder, then the real server (createRefugioServer) listening on port 0.
import type { DuckDBConnection } from "@duckdb/node-api";
import { seededRandom } from "@refugio/metrics";
import type { Role } from "@refugio/schemas";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "../../src/auth/passwords";
import { addUser } from "../../src/auth/users";
import { loadConfig, type Config } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/connection";
import { refreshStayFacts } from "../../src/db/facts";
import { bumpDataVersion } from "../../src/db/migrations";
import { run } from "../../src/db/query";
import { setLogLevel } from "../../src/log";
import { createRefugioServer } from "../../src/server";
import type { Services } from "../../src/trpc";

export const PASSWORD = "correct-horse-battery-staple";

export const SHELTERS = [
  { shelter_code: "hrt-01", network_code: "pe-aurora", country: "PE", region_code: "PE-LIM", model: "hrt" },
  { shelter_code: "hrt-02", network_code: "pe-aurora", country: "PE", region_code: "PE-LIM", model: "hrt" },
  { shelter_code: "hrt-03", network_code: "pe-aurora", country: "PE", region_code: "PE-CUS", model: "hrt" },
  { shelter_code: "hrt-04", network_code: "pe-aurora", country: "PE", region_code: "PE-ARE", model: "hrt" },
  { shelter_code: "cr-bog-1", network_code: "co-bogota", country: "CO", region_code: "CO-DC", model: "casa_refugio" },
  { shelter_code: "cr-bog-2", network_code: "co-bogota", country: "CO", region_code: "CO-DC", model: "casa_refugio" },
  { shelter_code: "mx-ref-01", network_code: "mx-refugios", country: "MX", region_code: "MX-OAX", model: "refugio" },
] as const;

/** One account per role; the network director and the shelter staff are Aurora's. */
export const ACCOUNTS: Record<Role, { username: string; network_code?: string; shelter_code?: string }> = {
  admin: { username: "admin" },
  ministry: { username: "ministry" },
  network_director: { username: "director-aurora", network_code: "pe-aurora" },
  researcher: { username: "researcher" },
  shelter_staff: { username: "shelter-hrt-01", shelter_code: "hrt-01" },
};
export const EXTRA_ACCOUNTS = [
  { username: "director-bogota", role: "network_director" as const, network_code: "co-bogota" },
  { username: "shelter-cr-bog-1", role: "shelter_staff" as const, shelter_code: "cr-bog-1" },
];

/** The shelter codes each role may see. */
export const SCOPE_SHELTERS: Record<Role, string[]> = {
  admin: SHELTERS.map((s) => s.shelter_code),
  ministry: SHELTERS.map((s) => s.shelter_code),
  researcher: SHELTERS.map((s) => s.shelter_code),
  network_director: SHELTERS.filter((s) => s.network_code === "pe-aurora").map((s) => s.shelter_code),
  shelter_staff: ["hrt-01"],
};

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function writeFixture(conn: DuckDBConnection, passwordHash: string): Promise<void> {
  await run(conn, `INSERT INTO networks (network_code, network_name, country) VALUES ('pe-aurora', 'Programa Nacional Aurora', 'PE'), ('co-bogota', 'Casas Refugio Bogotá', 'CO'), ('mx-refugios', 'Refugios México', 'MX')`);
  for (const s of SHELTERS) {
    await run(
      conn,
      `INSERT INTO shelters (shelter_code, network_code, country, region_code, model, capacity_places) VALUES ($c, $n, $co, $r, $m, 20)`,
      { c: s.shelter_code, n: s.network_code, co: s.country, r: s.region_code, m: s.model },
    );
  }
  // Deterministic, so the fixture is the same on every run.
  const rand = seededRandom(42);
  const reasons = ["plan_completed", "plan_completed", "voluntary_early", "transferred", "other"];
  for (const [si, s] of SHELTERS.entries()) {
    const count = 30 + si * 4;
    for (let i = 0; i < count; i++) {
      const admission = Date.UTC(2022, 0, 1) + Math.floor(rand() * 900) * 86_400_000;
      const exit = admission + (20 + Math.floor(rand() * 150)) * 86_400_000;
      const stayId = `${s.shelter_code}-s${i}`;
      await run(
        conn,
        `INSERT INTO stays (shelter_code, stay_id, person_key, admission_date, exit_date, exit_reason, exit_plan_done, safety_plan_done,
                            legal_representation, protection_order, occupational_workshop_certified, age_band, consent_followup, batch_id)
         VALUES ($sh, $id, $pk, CAST($a AS DATE), CAST($e AS DATE), $r, $plan, $safety, $legal, $po, $ws, $age, $cf, $b)`,
        {
          sh: s.shelter_code,
          id: stayId,
          pk: `p-${s.shelter_code}-${i}`,
          a: iso(admission),
          e: iso(exit),
          r: reasons[Math.floor(rand() * reasons.length)] ?? "other",
          plan: rand() < 0.7,
          safety: rand() < 0.8,
          legal: rand() < 0.5,
          po: rand() < 0.6,
          ws: rand() < 0.4,
          age: ["18-24", "25-34", "35-44"][Math.floor(rand() * 3)] ?? "25-34",
          cf: rand() < 0.7,
          b: `batch-${s.shelter_code}`,
        },
      );
    }
    await run(
      conn,
      `INSERT INTO load_log VALUES ($b, $s, 'admin', current_timestamp, $h, '1', DATE '2024-12-31', DATE '2022-01-01', DATE '2024-12-31', '{"stays": 30}', 0)`,
      { b: `batch-${s.shelter_code}`, s: s.shelter_code, h: `hash-${s.shelter_code}` },
    );
    // Two NOM-217 checks per shelter; the later one counts.
    for (const assessed of ["2021-03-01", "2024-06-15"]) {
      for (const [table, size] of [["A1", 33], ["A2", 16], ["A3", 10], ["A4", 14], ["A5", 18]] as const) {
        for (let item = 1; item <= size; item++) {
          const u = rand();
          await run(
            conn,
            `INSERT INTO compliance_checks (shelter_code, assessed_on, "table", item_no, result, batch_id) VALUES ($s, CAST($d AS DATE), $t, $i, $r, $b)`,
            { s: s.shelter_code, d: assessed, t: table, i: item, r: u < 0.7 ? "yes" : u < 0.9 ? "no" : "na", b: `batch-${s.shelter_code}` },
          );
        }
      }
    }
  }
  await run(
    conn,
    `INSERT INTO recommendation_updates (recommendation_code, scope, scope_code, status, updated_on, evidence, updated_by) VALUES
      ('aurora-r2', 'national', '', 'in_progress', DATE '2024-01-10', 'Convenio marco firmado', 'director-aurora'),
      ('aurora-r2', 'region', 'PE-LIM', 'done', DATE '2024-03-01', 'Convenio CETPRO Lima', 'director-aurora'),
      ('aurora-r2', 'region', 'PE-CUS', 'not_started', DATE '2024-03-01', NULL, 'director-aurora'),
      ('aurora-r4', 'shelter', 'hrt-01', 'in_progress', DATE '2024-02-01', NULL, 'director-aurora'),
      ('aurora-r4', 'shelter', 'hrt-02', 'blocked', DATE '2024-02-01', 'Sin presupuesto', 'director-aurora')`,
  );
  await refreshStayFacts(conn, "all");
  await bumpDataVersion(conn);
  for (const [role, a] of Object.entries(ACCOUNTS) as [Role, (typeof ACCOUNTS)[Role]][]) {
    await addUser(conn, { username: a.username, password: "", role, network_code: a.network_code ?? null, shelter_code: a.shelter_code ?? null }, { passwordHash });
  }
  for (const a of EXTRA_ACCOUNTS) {
    await addUser(conn, { username: a.username, password: "", role: a.role, network_code: a.network_code ?? null, shelter_code: a.shelter_code ?? null }, { passwordHash });
  }
}

let hashOnce: Promise<string> | undefined;
/** scrypt at production cost is slow: hash the test password once per test file. */
export const passwordHash = () => (hashOnce ??= hashPassword(PASSWORD));

export interface TestServer {
  url: string;
  db: Database;
  dir: string;
  services: Services;
  config: Config;
  close(): Promise<void>;
}

export async function startServer(opts: { env?: Record<string, string>; fixture?: boolean; services?: Partial<Services> } = {}): Promise<TestServer> {
  setLogLevel("silent");
  const dir = mkdtempSync(join(tmpdir(), "refugio-api-test-"));
  const db = await openDatabase(join(dir, "test.duckdb"));
  if (opts.fixture !== false) await writeFixture(db.connection, await passwordHash());
  const dashboardDir = join(dir, "dashboard");
  mkdirSync(join(dashboardDir, "assets"), { recursive: true });
  writeFileSync(join(dashboardDir, "index.html"), `<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>`);
  writeFileSync(join(dashboardDir, "assets", "app.js"), `console.log("ok")`);
  const config = loadConfig({ REFUGIO_LOG_LEVEL: "silent", ...opts.env });
  const { server, services } = await createRefugioServer({ db, config, dashboardDir, services: opts.services });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    dir,
    services,
    config,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
