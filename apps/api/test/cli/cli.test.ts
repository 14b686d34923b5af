// The `refugio` command line through its real bin, as a user runs it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "refugio-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const refugio = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 60_000 });

describe("refugio", () => {
  it("lists its commands", () => {
    const r = refugio("--help");
    expect(r.status).toBe(0);
    for (const cmd of ["serve", "demo", "ingest", "generate", "registry", "indicators", "user"]) {
      expect(r.stdout).toContain(cmd);
    }
  });

  it.each(["serve", "demo", "ingest", "generate", "registry", "indicators", "user"])("%s --help prints its usage", (cmd) => {
    const r = refugio(cmd, "--help");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Usage: refugio ${cmd}`));
  });

  it.each(["serve", "demo", "ingest", "generate", "registry", "indicators", "user"])("%s --help is in English and Spanish", (cmd) => {
    const summary = refugio(cmd, "--help").stdout.split("\n")[0] ?? "";
    // "English … / Spanish …", as every command words its summary.
    expect(summary).toMatch(/\S \/ \S/);
    expect(summary).toMatch(/[Ss]ervir|[Gg]enerar|[Vv]alidar|[Ii]mportar|[Cc]alcular|[Gg]estionar/);
  });

  it("refuses a --db under a folder that does not exist (exit 2, naming the folder) unless --create", () => {
    const missing = join(dir, "no-such-folder", "deeper");
    for (const args of [["serve", "--db", join(missing, "r.duckdb"), "--port", "0"], ["user", "list", "--db", join(missing, "r.duckdb")], ["ingest", dir, "--db", join(missing, "r.duckdb")], ["registry", "export", "--db", join(missing, "r.duckdb")]]) {
      const r = refugio(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(missing);
      expect(r.stderr).toMatch(/no existe.*--create.*\/.*does not exist/);
    }
    expect(existsSync(join(dir, "no-such-folder"))).toBe(false);
    const created = refugio("user", "list", "--db", join(missing, "r.duckdb"), "--create");
    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    expect(existsSync(join(missing, "r.duckdb"))).toBe(true);
  });

  it("documents --create in the help", () => {
    expect(refugio("--help").stdout).toMatch(/--create/);
    for (const cmd of ["serve", "ingest", "registry", "user"]) expect(refugio(cmd, "--help").stdout, cmd).toMatch(/--create/);
  });

  it("rejects an unknown command with exit code 2", () => {
    const r = refugio("frobnicate");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it("rejects an unknown option with the usage", () => {
    const r = refugio("serve", "--bogus");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Usage: refugio serve");
  });

  it("says plainly that a running server holds the database", async () => {
    const db = join(dir, "held.duckdb");
    const server = spawn(process.execPath, [bin, "serve", "--db", db, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("server did not start")), 45_000);
        server.stdout.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("server.listening")) {
            clearTimeout(timer);
            resolve();
          }
        });
        server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
      });
      const r = refugio("user", "list", "--db", db);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("is in use by another process");
      expect(r.stderr).toContain("está en uso por otro proceso");
      expect(r.stderr).not.toMatch(/Conflicting lock|IO Error/);
    } finally {
      server.kill("SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    }
  });
});
