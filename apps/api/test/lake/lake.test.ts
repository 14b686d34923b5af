// Past one machine (docs/scaling.md): `refugio lake export` writes a Parquet lake partitioned by
// country/network/year, and a server reading only that snapshot (openLake: in-memory DuckDB,
// views over the Parquet files) gives every indicator exactly as the DuckDB file does, for every
// audience (the external one's perturbation included: the cell keys travel with the lake).
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { catalogue } from "@refugio/metrics";
import type { Dimension } from "@refugio/schemas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection";
import { createDemo, DEMO_PASSWORD } from "../../src/demo/create";
import { computeIndicators } from "../../src/indicators/service";
import { openLake, readManifest } from "../../src/lake/lake";
import { queryState } from "../../src/db/query-state";
import { signedIn } from "../api/client";

/**
 * Counts compared exactly; other numbers to 12 significant digits: a parallel sum of squares
 * (sd, dz) may differ in its last bits between any two runs, over the file or the lake.
 */
const settled = (rows: unknown) =>
  JSON.parse(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v))) as unknown;

const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "refugio-lake-"));
const dbPath = join(dir, "demo.duckdb");
const lakeDir = join(dir, "lake-1");

beforeAll(async () => {
  await createDemo(dbPath, { seed: 1, scale: 0.1 });
  await promisify(execFile)(process.execPath, [bin, "lake", "export", lakeDir, "--db", dbPath], { env: { ...process.env, REFUGIO_LOG_LEVEL: "warn" } });
}, 1_200_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("refugio lake export", () => {
  it("partitions the per-shelter tables by country, network and year", () => {
    const countries = readdirSync(join(lakeDir, "stays"));
    expect(countries.length).toBeGreaterThan(0);
    expect(countries.every((c) => c.startsWith("country="))).toBe(true);
    const networks = readdirSync(join(lakeDir, "stays", countries[0] ?? ""));
    expect(networks.every((n) => n.startsWith("network="))).toBe(true);
    const years = readdirSync(join(lakeDir, "stays", countries[0] ?? "", networks[0] ?? ""));
    expect(years.every((y) => /^year=\d{4}$/.test(y))).toBe(true);
    const manifest = readManifest(lakeDir);
    expect(manifest.tables.stays?.rows).toBeGreaterThan(0);
    // Data only: no accounts, sessions or audit log in a lake.
    expect(Object.keys(manifest.tables)).not.toEqual(expect.arrayContaining(["users"]));
    for (const t of ["users", "sessions", "audit_log"]) expect(existsSync(join(lakeDir, t))).toBe(false);
  });

  it("refuses to overwrite an existing snapshot", async () => {
    const r = await promisify(execFile)(process.execPath, [bin, "lake", "export", lakeDir, "--db", dbPath]).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).toBe(2);
    expect((r as { stderr: string }).stderr).toMatch(/already exists/);
  });
});

describe("serving from the lake", () => {
  let file: Database;
  let lake: Database;
  beforeAll(async () => {
    file = await openDatabase(dbPath, { readOnly: true });
    lake = await openLake(lakeDir);
  });
  afterAll(() => {
    file?.close();
    lake?.close();
  });

  it("gives every indicator exactly as the DuckDB file, for every audience", async () => {
    // Both read the load-time cells (the lake carries them and their signature).
    expect((await queryState(file.connection)).cells).toBe(true);
    expect((await queryState(lake.connection)).cells).toBe(true);
    const indicators = catalogue.map((d) => d.code);
    const cases: { by: Dimension[]; audience: "internal" | "external" | "owner"; shelters: string[] | null }[] = [
      { by: [], audience: "internal", shelters: null },
      { by: ["shelter"], audience: "external", shelters: null },
      { by: ["year"], audience: "internal", shelters: null },
      { by: ["month"], audience: "external", shelters: null },
    ];
    for (const c of cases) {
      for (const code of indicators) {
        const def = catalogue.find((d) => d.code === code);
        if (!def || c.by.some((d) => !def.dimensions.includes(d))) continue;
        const query = { indicators: [code], by: c.by };
        const opts = { scope: { networks: null, shelters: c.shelters }, audience: c.audience, k: 5 };
        const fromFile = await computeIndicators(file.connection, query, opts);
        const fromLake = await computeIndicators(lake.connection, query, opts);
        expect(settled(fromLake), `${code} by ${c.by.join(",")} (${c.audience})`).toEqual(settled(fromFile));
        expect(fromFile.length).toBeGreaterThan(0);
      }
    }
  }, 600_000);
});

describe("refugio serve --lake", () => {
  it("serves the ministry's Overview from the snapshot, signed in with an account of the database file", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, [bin, "serve", "--lake", lakeDir, "--accounts", dbPath, "--port", String(port)], {
      env: { ...process.env, REFUGIO_LOG_LEVEL: "warn" },
      stdio: "ignore",
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 300; i++) {
        if (await fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const client = await signedIn(base, "ministry", DEMO_PASSWORD);
      const indicators = ["women_served", "children_served", "completed_stays", "followup_coverage_6m"];
      const served = await client.query("indicators.values", { indicators });
      expect(served.status).toBe(200);
      const file = await openDatabase(dbPath, { readOnly: true });
      try {
        const direct = await computeIndicators(file.connection, { indicators }, { scope: { networks: null, shelters: null }, audience: "internal", k: 5 });
        expect(settled(served.data)).toEqual(settled(direct));
      } finally {
        file.close();
      }
    } finally {
      child.kill("SIGTERM");
    }
  }, 120_000);
});
