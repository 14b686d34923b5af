// The snapshot switch of a lake reader, in one process (docs/scaling.md, "Several readers behind
// nginx, one writer"): `publishSnapshot` writes a new snapshot, the accounts file and flips
// ROOT/current, keeping the last three; `followLake` moves new requests to the new snapshot while a
// request that started before keeps reading the old one (never a mix), and closes the old one only
// once that request has given its connection back.
import { execFile } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/connection";
import { bumpDataVersion, dataVersion } from "../../src/db/migrations";
import { one } from "../../src/db/query";
import { createDemo } from "../../src/demo/create";
import { openLake } from "../../src/lake/lake";
import { followLake, publishSnapshot, SNAPSHOTS_KEPT } from "../../src/lake/snapshots";

const dir = mkdtempSync(join(tmpdir(), "refugio-snapshots-"));
const dbPath = join(dir, "writer.duckdb");
const root = join(dir, "lake");
let writer: Database;

beforeAll(async () => {
  await createDemo(dbPath, { seed: 1, scale: 0.05 });
  writer = await openDatabase(dbPath);
}, 600_000);
afterAll(() => {
  writer?.close();
  rmSync(dir, { recursive: true, force: true });
});

const countStays = async (db: Database | { connection: Database["connection"] }) =>
  Number((await one<{ n: number }>(db.connection, `SELECT count(*) AS n FROM stays`))?.n);

describe("publishSnapshot and followLake", () => {
  it("flips ROOT/current, writes the accounts file for this user only, and keeps the last three snapshots", async () => {
    for (let i = 0; i < SNAPSHOTS_KEPT + 2; i++) {
      await bumpDataVersion(writer.connection);
      await publishSnapshot(writer.connection, root);
    }
    const version = await dataVersion(writer.connection);
    expect(lstatSync(join(root, "current")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, "current"))).toMatch(new RegExp(`^snapshots/v${version}-`));
    expect(readdirSync(join(root, "snapshots"))).toHaveLength(SNAPSHOTS_KEPT);
    expect(statSync(join(root, "accounts.duckdb")).mode & 0o077).toBe(0);
    expect(readdirSync(root).filter((f) => f.includes(".tmp") || f.startsWith("current."))).toEqual([]);
  }, 300_000);

  it("serves new requests from a new snapshot while a running request finishes on the old one", async () => {
    const followed = await followLake(join(root, "current"), { accounts: join(root, "accounts.duckdb"), pollMs: 60_000 });
    try {
      const before = await dataVersion(writer.connection);
      const stays = await countStays(writer);
      expect(await followed.db.pool.use((c) => dataVersion(c))).toBe(before);
      expect(await followed.db.pool.use((c) => one<{ n: number }>(c, `SELECT count(*) AS n FROM users`))).toMatchObject({ n: expect.any(Number) });

      // A request that started on the old snapshot holds its connection across the switch.
      const running = await followed.db.pool.acquire();
      await writer.connection.run(`DELETE FROM stays WHERE stay_id IN (SELECT stay_id FROM stays LIMIT 5)`);
      await bumpDataVersion(writer.connection);
      const published = await publishSnapshot(writer.connection, root);
      await followed.check();

      // New requests: the new snapshot (version, rows and accounts).
      expect(await followed.db.pool.use((c) => dataVersion(c))).toBe(before + 1);
      expect(await followed.db.pool.use((c) => one<{ n: number }>(c, `SELECT count(*) AS n FROM stays`))).toEqual({ n: stays - 5 });
      const accounts = await followed.db.pool.use((c) => one<{ n: number }>(c, `SELECT count(*) AS n FROM users`));
      expect(accounts?.n).toBeGreaterThan(0);
      // The running request: still the old snapshot, whole, for all its queries.
      expect(await dataVersion(running.conn)).toBe(before);
      expect(await one<{ n: number }>(running.conn, `SELECT count(*) AS n FROM stays`)).toEqual({ n: stays });
      expect(followed.db.pool.inUse).toBe(1);
      await running.release();
      expect(followed.db.pool.inUse).toBe(0);
      expect(existsSync(published.dir)).toBe(true);
    } finally {
      followed.stop();
      followed.db.close();
    }
  }, 300_000);

  it("`refugio lake publish` does the same from the command line, the database opened read-only", async () => {
    writer.close();
    const version = await (async () => {
      const db = await openDatabase(dbPath, { readOnly: true });
      try {
        return await dataVersion(db.connection);
      } finally {
        db.close();
      }
    })();
    const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "lake", "publish", root, "--db", dbPath], { env: { ...process.env, REFUGIO_LOG_LEVEL: "warn" } });
    expect(stdout).toMatch(/published/);
    expect(readlinkSync(join(root, "current"))).toMatch(new RegExp(`^snapshots/v${version}-`));
    const lake = await openLake(join(root, "current"), { accounts: join(root, "accounts.duckdb") });
    try {
      expect(await dataVersion(lake.connection)).toBe(version);
      expect((await one<{ n: number }>(lake.connection, `SELECT count(*) AS n FROM users WHERE username = 'ministry'`))?.n).toBe(1);
    } finally {
      lake.close();
    }
  }, 300_000);
});
