// The real `refugio` bin: exit codes, the identifier guard end to end (the value reaches neither
// the output nor the database file), and a load killed mid-write leaving the database as before.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection";
import { all } from "../../src/db/query";
import { Scratch } from "../../src/ingest/files";
import { generateBatches } from "../../src/ingest/generate";
import { importRegistry } from "../../src/ingest/registry";
import { SHELTER, csv, goodFiles, registryCsv, snapshot, staysRows, tempDir, writeBatchDir } from "./helpers";

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, "../../bin/refugio.js");
const t = tempDir("cli");
afterAll(() => t.cleanup());

function refugio(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, REFUGIO_LOG_LEVEL: "silent" } });
  return { code: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

/** Every byte the database keeps on disk: the file, its WAL and any spill folder. */
function databaseBytes(dbPath: string): Buffer {
  const parts: Buffer[] = [];
  const add = (p: string) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const f of readdirSync(p)) add(join(p, f));
    else parts.push(readFileSync(p));
  };
  add(dbPath);
  add(`${dbPath}.wal`);
  add(`${dbPath}.tmp`);
  return Buffer.concat(parts);
}

describe("refugio ingest (bin)", () => {
  const db = join(t.dir, "cli.duckdb");
  const registry = join(t.dir, "registry.csv");

  it("exit codes: 0 loaded, 2 rejected or usage, 1 internal error", async () => {
    writeFileSync(registry, `${registryCsv}\n`);
    const handle = await openDatabase(db);
    await importRegistry(handle.connection, registry, { loadedBy: "test" });
    handle.close();
    const good = writeBatchDir(join(t.dir, "good"), { files: goodFiles() });
    const ok = refugio(["ingest", good, "--db", db, "--loaded-by", "cli-test"]);
    expect(ok.out).toMatch(/loaded/);
    expect(ok.out).toMatch(/stays\s+2\s+2\s+0/);
    expect(ok.code).toBe(0);

    const bad = writeBatchDir(join(t.dir, "bad"), { files: { "stays.csv": csv(staysRows.map((r, i) => (i === 1 ? r.map((c) => (c === "2024-01-10" ? "10/13/2024" : c)) : r))) } });
    const rejected = refugio(["ingest", bad, "--db", db]);
    expect(rejected.code).toBe(2);
    expect(rejected.out).toMatch(/stays\.csv:2:admission_date «10\/13\/2024»/);
    expect(refugio(["ingest", "--db", db]).code).toBe(2);
    // A database path that is a folder: an internal error, not a rejection.
    expect(refugio(["ingest", good, "--db", t.dir]).code).toBe(1);
  });

  it("a column that looks like a direct identifier rejects the batch and its values go nowhere", async () => {
    const name = "Rosa Elvira Quispe Mamani";
    const phone = "+51 987 654 321";
    const email = "rosa.quispe.mamani@correo.example.pe";
    const rows = staysRows.map((r, i) => [...r, i === 0 ? "Nombre Completo" : name, i === 0 ? "celular" : phone]);
    const withName = writeBatchDir(join(t.dir, "ident-name"), { files: { ...goodFiles(), "stays.csv": csv(rows) } });
    const withEmail = writeBatchDir(join(t.dir, "ident-email"), {
      files: { ...goodFiles(), "stays.csv": csv(staysRows.map((r, i) => (i === 2 ? r.map((c, j) => (j === 1 ? email : c)) : r))) },
    });
    for (const [dir, runs] of [[withName, [[], ["--json"]]], [withEmail, [["--json"]]]] as const) {
      for (const flags of runs) {
        const r = refugio(["ingest", dir, "--db", db, ...flags]);
        expect(r.code).toBe(2);
        for (const secret of [name, phone, email, "Quispe", "987 654"]) expect(r.out).not.toContain(secret);
        if (flags.length) {
          const report = JSON.parse(r.stdout) as { problems: { column: string; value: string | null; reason: { en: string } }[] };
          const ident = report.problems.filter((p) => /direct identifier/.test(p.reason.en));
          expect(ident.length).toBeGreaterThan(0);
          for (const p of ident) expect(p.value).toBeNull();
          expect(ident.map((p) => p.column)).toEqual(dir === withName ? ["Nombre Completo", "celular"] : ["person_key"]);
        }
      }
    }
    const bytes = databaseBytes(db);
    expect(bytes.length).toBeGreaterThan(0);
    for (const secret of [name, email, "Quispe", "987 654 321"]) {
      expect(bytes.includes(Buffer.from(secret, "utf8"))).toBe(false);
    }
    // The guard is not blind: the stored data is in those bytes.
    expect(bytes.includes(Buffer.from("net-t", "utf8"))).toBe(true);
  });

  it("--memory-limit caps DuckDB's memory: the same rows under a small cap, no spill folder left; a cap too small fails and changes nothing; a malformed size is a usage error", async () => {
    writeFileSync(registry, `${registryCsv}\n`);
    const out = join(t.dir, "capped");
    generateBatches(out, { stays: 20000, seed: 5, shelter: SHELTER });
    const batch = join(out, SHELTER);
    const withRegistry = async (name: string) => {
      const path = join(t.dir, name);
      const handle = await openDatabase(path);
      await importRegistry(handle.connection, registry, { loadedBy: "test" });
      handle.close();
      return path;
    };
    const contents = async (path: string) => {
      const handle = await openDatabase(path);
      try {
        const s = await snapshot(handle);
        return { counts: Object.fromEntries(Object.entries(s).filter(([, v]) => typeof v === "number")), stays: await all(handle.connection, `SELECT stay_id, admission_date, exit_date, exit_reason FROM stays ORDER BY stay_id`) };
      } finally {
        handle.close();
      }
    };
    const plain = await withRegistry("uncapped.duckdb");
    const capped = await withRegistry("capped.duckdb");
    expect(refugio(["ingest", batch, "--db", plain]).code).toBe(0);
    const r = refugio(["ingest", batch, "--db", capped, "--memory-limit", "64MB"]);
    expect(r.out).toMatch(/loaded/);
    expect(r.code).toBe(0);
    expect(await contents(capped)).toEqual(await contents(plain));
    expect(existsSync(`${capped}.tmp`)).toBe(false);

    // Too small for the load: an error (exit 1), and the database exactly as it was.
    const tiny = await withRegistry("tiny.duckdb");
    const before = await contents(tiny);
    const failed = refugio(["ingest", batch, "--db", tiny, "--memory-limit", "2MB"]);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/did not fit in --memory-limit 2MB: raise it or leave it out; the database is unchanged/);
    expect(await contents(tiny)).toEqual(before);
    expect(existsSync(`${tiny}.tmp`)).toBe(false);

    const malformed = refugio(["ingest", batch, "--db", tiny, "--memory-limit", "lots"]);
    expect(malformed.code).toBe(2);
    expect(malformed.out).toMatch(/--memory-limit: «lots» .*is not a memory size/);
  }, 180_000);

  it("a load killed mid-write leaves the database exactly as before", async () => {
    const out = join(t.dir, "big");
    generateBatches(out, { stays: 60000, seed: 11, shelter: SHELTER });
    const handle = await openDatabase(db);
    const before = await snapshot(handle);
    handle.close();

    // A private temp folder for the child, so loads in other test files cannot sweep its scratch.
    const childTmp = join(t.dir, "child-tmp");
    mkdirSync(childTmp, { recursive: true });
    const child = spawn(process.execPath, [bin, "ingest", join(out, SHELTER), "--db", db, "--progress"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, TMPDIR: childTmp },
    });
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const killedInPhase = await new Promise<string>((ok) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (/progress write/.test(stderr) && !child.killed) {
          setTimeout(() => {
            child.kill("SIGKILL");
            ok("write");
          }, 150);
        }
      });
      child.on("exit", () => ok("exited"));
    });
    const signal = await new Promise<NodeJS.Signals | null>((ok) => (child.exitCode !== null || child.signalCode !== null ? ok(child.signalCode) : child.on("exit", (_c, s) => ok(s))));
    expect(killedInPhase).toBe("write");
    expect(signal).toBe("SIGKILL");
    expect(stdout).not.toMatch(/loaded/);

    const reopened = await openDatabase(db);
    try {
      expect(await snapshot(reopened)).toEqual(before);
    } finally {
      reopened.close();
    }
    // The killed process could not remove its scratch folder; the next load sweeps it.
    const leftover = () => readdirSync(childTmp).filter((n) => n.startsWith(`refugio-ingest-${child.pid}-`));
    expect(leftover()).toHaveLength(1);
    const ownTmp = process.env.TMPDIR;
    process.env.TMPDIR = childTmp; // os.tmpdir() reads it on every call
    try {
      new Scratch().dispose();
    } finally {
      if (ownTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = ownTmp;
    }
    expect(leftover()).toEqual([]);
  }, 180_000);
});
