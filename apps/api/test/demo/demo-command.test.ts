// `refugio demo` options: bad values are usage errors (exit 2) that touch nothing, and the
// command never deletes a database that another process (e.g. `refugio serve`) holds.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { capture } from "./capture";

const dir = mkdtempSync(join(tmpdir(), "refugio-demo-busy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe("refugio demo --force on a database in use", () => {
  it("does not delete a database another process holds", async () => {
    const busy = join(dir, "busy.duckdb");
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { DuckDBInstance } from "@duckdb/node-api";
         const db = await DuckDBInstance.create(process.argv[1]);
         const c = await db.connect();
         await c.run("CREATE TABLE held (x INTEGER)"); await c.run("CHECKPOINT");
         process.stdout.write("ready\\n");
         // Keep the instance referenced: a collected DuckDBInstance closes and releases the lock.
         globalThis.held = [db, c];
         setTimeout(() => void globalThis.held, 60000);`,
        busy,
      ],
      { cwd: join(import.meta.dirname, "..", ".."), stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((ok, fail) => {
        holder.stdout.on("data", (d: Buffer) => String(d).includes("ready") && ok());
        holder.once("exit", (code) => fail(new Error(`holder exited early (${code})`)));
      });
      const size = statSync(busy).size;
      const r = await capture(() => main(["demo", "--db", busy, "--force"]));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/in use|en uso/);
      expect(existsSync(busy)).toBe(true);
      expect(statSync(busy).size).toBe(size);
    } finally {
      holder.kill();
    }
  }, 60_000);
});

describe("refugio demo options", () => {
  it("rejects a bad --seed, --scale or a non-empty --out folder before touching the database", async () => {
    const db = join(dir, "untouched.duckdb");
    const out = join(dir, "out");
    mkdirSync(out);
    writeFileSync(join(out, "something.txt"), "x");
    for (const args of [["--seed", "1.5"], ["--scale", "0"], ["--scale", "many"], ["--out", out]]) {
      const r = await capture(() => main(["demo", "--db", db, ...args]));
      expect(r.code, args.join(" ")).toBe(2);
      expect(existsSync(db)).toBe(false);
    }
  });
});
