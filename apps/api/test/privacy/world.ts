// The two databases the attack suite plays against, each loaded through the real ingestion path
// (registry import + batch ingestion, as `refugio demo` and uploads do) and served by the real
// server over HTTP on 127.0.0.1:
// - "demo": the demo network (`refugio demo`) at a reduced scale so the suite fits CI time;
// - "tiny": a generated network of many tiny shelters (1–15 stays a year each), where most
//   shelter-level cells are small and therefore suppressed: the worst case for differencing.
import type { DuckDBConnection } from "@duckdb/node-api";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "../../src/auth/passwords";
import { addUser } from "../../src/auth/users";
import { loadConfig } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/connection";
import { RECORD_KEY_SECRET } from "../../src/db/facts";
import { bumpDataVersion } from "../../src/db/migrations";
import { run } from "../../src/db/query";
import { createDemo, DEMO_PASSWORD } from "../../src/demo/create";
import { importRegistry, ingestBatches } from "../../src/ingest/index";
import { generateBatches } from "../../src/ingest/generate";
import { setLogLevel } from "../../src/log";
import { createRefugioServer } from "../../src/server";

export interface Shelter {
  code: string;
  network: string;
  region: string;
  capacity: number;
}

export interface World {
  name: "demo" | "tiny";
  url: string;
  db: Database;
  password: string;
  shelters: Shelter[];
  /** Shelter account used as the "peer" attacker (benchmark.shelter). */
  peerAccount: { username: string; shelter: string };
  /** Whole calendar years the data cover (the attacks difference inside them). */
  years: number[];
  k: number;
  /** Stop the server; the database stays open for the truth (read only from then on). */
  stopServer(): Promise<void>;
  close(): void;
}

/**
 * The record-key secret is random per database (created when the database is); replacing it with
 * a fixed one before any stay is loaded makes every run perturb the same way.
 */
async function fixSecret(db: Database, seed: number): Promise<void> {
  await run(db.connection, `INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, {
    key: RECORD_KEY_SECRET,
    value: `privacy-suite-secret-${seed}`,
  });
}

/** Fixed end of the data, so every run builds the same database (no "today"). */
export const DATA_END = "2024-12-31";

async function serve(db: Database): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "refugio-privacy-dash-"));
  mkdirSync(join(dir, "assets"), { recursive: true });
  writeFileSync(join(dir, "index.html"), "<!doctype html><html><body></body></html>");
  // Login limits are per account/IP: the attacker signs in a handful of times only.
  const config = loadConfig({ REFUGIO_LOG_LEVEL: "silent" });
  const { server } = await createRefugioServer({ db, config, dashboardDir: dir });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const { port } = server.address() as AddressInfo;
  let stopped = false;
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function sheltersOf(conn: DuckDBConnection): Promise<Shelter[]> {
  const r = await conn.runAndReadAll(
    `SELECT shelter_code, network_code, region_code, CAST(coalesce(capacity_places, 0) AS INTEGER) FROM shelters ORDER BY shelter_code`,
  );
  return r.getRows().map(([code, network, region, capacity]) => ({
    code: String(code),
    network: String(network),
    region: String(region),
    capacity: Number(capacity),
  }));
}

function finish(name: World["name"], dir: string, db: Database, url: string, stop: () => Promise<void>, rest: Omit<World, "name" | "url" | "db" | "stopServer" | "close">): World {
  return {
    name,
    url,
    db,
    ...rest,
    stopServer: stop,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The demo network, as `refugio demo --scale S --seed 1` builds it, with data up to DATA_END. */
export async function demoWorld(scale: number): Promise<World> {
  setLogLevel("silent");
  const dir = mkdtempSync(join(tmpdir(), "refugio-privacy-demo-"));
  const pre = await openDatabase(join(dir, "demo.duckdb"));
  await fixSecret(pre, 1);
  pre.close();
  await createDemo(join(dir, "demo.duckdb"), { seed: 1, scale, today: DATA_END });
  const db = await openDatabase(join(dir, "demo.duckdb"));
  const shelters = await sheltersOf(db.connection);
  // The smallest Aurora shelter's staff: its peers are the other shelters of the network.
  const own = shelters.find((s) => s.network === "pe-aurora") ?? shelters[0];
  if (!own) throw new Error("demo world has no shelters");
  const { url, stop } = await serve(db);
  return finish("demo", dir, db, url, stop, {
    password: DEMO_PASSWORD,
    shelters,
    peerAccount: { username: `shelter-${own.code}`, shelter: own.code },
    years: [2021, 2022, 2023, 2024],
    k: 5,
  });
}

const TINY_REGIONS = ["PE-LIM", "PE-CUS", "PE-ARE", "PE-PIU", "PE-LAL", "PE-JUN"] as const;
/** Regions holding exactly one shelter: "region with one shelter" reaches a shelter's cell another way. */
const SOLO_REGIONS = ["PE-TAC", "PE-PUN", "PE-ICA"] as const;

/**
 * A network of `n` tiny shelters, 4–60 stays over 2021–2024 (1–15 a year), generated with
 * `generateBatches` (the generator behind `refugio generate`) one shelter at a time so each
 * shelter gets its own size, then loaded with the registry import and batch ingestion.
 * Capacities are distinct (12 + i places): a peer's capacity is public registry information.
 */
export async function tinyWorld(n: number, seed: number): Promise<World> {
  setLogLevel("silent");
  const dir = mkdtempSync(join(tmpdir(), "refugio-privacy-tiny-"));
  const codes = Array.from({ length: n }, (_, i) => `tiny-${String(i + 1).padStart(2, "0")}`);
  const shelters: Shelter[] = codes.map((code, i) => ({
    code,
    network: i % 2 === 0 ? "tiny-norte" : "tiny-sur",
    region: SOLO_REGIONS[i] ?? TINY_REGIONS[i % TINY_REGIONS.length] ?? "PE-LIM",
    capacity: 12 + i,
  }));
  const header =
    "shelter_code,network_code,network_name,country,region_code,model,capacity_places,capacity_rooms,opened_on,closed_on,operator_type,has_exclusive_coordinator";
  const registry = join(dir, "shelters.csv");
  writeFileSync(
    registry,
    `${[header, ...shelters.map((s) => `${s.code},${s.network},Red ${s.network},PE,${s.region},hrt,${s.capacity},6,2015-01-01,,subnational_government,true`)].join("\n")}\n`,
  );
  const batchDirs: string[] = [];
  for (const [i, s] of shelters.entries()) {
    // 1–15 stays a year on average: 4–60 stays spread over the four years.
    const stays = 4 + ((i * 37 + seed * 11) % 57);
    const out = generateBatches(join(dir, "batches", s.code), {
      stays,
      seed: seed * 1000 + i,
      shelter: s.code,
      periodStart: "2021-01-01",
      periodEnd: DATA_END,
    });
    batchDirs.push(...out.batchDirs);
  }
  const db = await openDatabase(join(dir, "tiny.duckdb"));
  const conn = db.connection;
  await fixSecret(db, seed);
  await importRegistry(conn, registry, { loadedBy: "privacy-suite" });
  const report = await ingestBatches(conn, batchDirs, { loadedBy: "privacy-suite" });
  if (!report.ok) throw new Error(`tiny network rejected: ${report.problems.slice(0, 3).map((p) => `${p.file}: ${p.reason.en}`).join("; ")}`);
  const password = "privacy-suite-password";
  const passwordHash = await hashPassword(password);
  await addUser(conn, { username: "researcher", role: "researcher", network_code: null, shelter_code: null, password }, { passwordHash });
  const own = shelters[shelters.length - 1];
  if (!own) throw new Error("tiny world has no shelters");
  await addUser(conn, { username: `shelter-${own.code}`, role: "shelter_staff", network_code: null, shelter_code: own.code, password }, { passwordHash });
  await bumpDataVersion(conn);
  const { url, stop } = await serve(db);
  return finish("tiny", dir, db, url, stop, {
    password,
    shelters,
    peerAccount: { username: `shelter-${own.code}`, shelter: own.code },
    years: [2021, 2022, 2023, 2024],
    k: 5,
  });
}
