// A full disk: the database on a 20 MB tmpfs, loads through the server until the disk is full.
// The refusal must name the disk (in Spanish and English), the database must keep its previous
// data, and nothing must be left on the disk. Needs `mount -t tmpfs` (root); else skipped with a
// message.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedIn } from "../api/client";
import { PASSWORD } from "../api/fixture";
import { upload } from "../api/upload";
import { fixtureDb, folderFiles, Report, spawnServe, tableCounts } from "./harness";

const report = new Report("full disk (20 MB tmpfs)");
let mountDir = "";
let mounted = false;
let skipReason = "";
let work = "";

beforeAll(async () => {
  mountDir = mkdtempSync(join(tmpdir(), "refugio-rel-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=20m", "tmpfs", mountDir], { stdio: "pipe" });
    mounted = true;
  } catch (error) {
    skipReason = `no tmpfs mount here (${String((error as Error).message).split("\n")[0]}): full-disk case skipped`;
  }
  const fx = await fixtureDb("refugio-rel-disk-src-");
  work = fx.dir;
  if (mounted) copyFileSync(fx.path, join(mountDir, "r.duckdb"));
});
afterAll(() => {
  if (skipReason) report.note(skipReason);
  report.print();
  if (mounted) execFileSync("umount", [mountDir]);
  rmSync(mountDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe("a full disk", () => {
  it("a load that fills the disk is refused with a message naming the disk; the database keeps its data; nothing is left on the disk", async (ctx) => {
    if (!mounted) {
      process.stdout.write(`reliability: ${skipReason}\n`);
      ctx.skip();
      return;
    }
    const path = join(mountDir, "r.duckdb");
    const before = await tableCounts(path);
    const bin = fileURLToPath(new URL("../../bin/refugio.js", import.meta.url));
    const gen = join(work, "gen");
    mkdirSync(gen, { recursive: true });
    execFileSync(process.execPath, [bin, "generate", "--out", gen, "--stays", "40000", "--shelter", "hrt-01", "--seed", "5"], { stdio: "ignore" });
    // Leave a few MB free, so the load (not the start-up) is what fills the disk.
    const free = () => Number(execFileSync("df", ["--output=avail", "-B1", mountDir]).toString().split("\n")[1]?.trim() ?? 0);
    writeFileSync(join(mountDir, "filler"), Buffer.alloc(Math.max(0, free() - 6 * 1024 * 1024)));
    const filesBefore = readdirSync(mountDir).sort();
    const sizeBefore = statSync(path).size;
    const serve = await spawnServe(path);
    let message = "";
    let status = 0;
    try {
      const admin = await signedIn(serve.url, "admin", PASSWORD);
      const history = async () => (await admin.query<unknown[]>("ingest.history")).data?.length ?? -1;
      const loadsBefore = await history();
      const r = await upload(admin, "ingest.load", folderFiles(join(gen, "hrt-01")));
      report.status(r.status);
      report.faults += 1;
      status = r.status;
      message = r.error?.message ?? r.raw.slice(0, 300);
      report.note(`load on a full disk: HTTP ${r.status}: ${message.slice(0, 200)}`);
      const health = await fetch(`${serve.url}/healthz`);
      report.note(`after the full-disk load, /healthz answers ${health.status}`);
      expect(health.status).toBe(200);
      // Nothing of the refused load is visible: no load recorded.
      expect(await history()).toBe(loadsBefore);
      const mid = await tableCounts(path).catch(() => null);
      expect(mid, "the server still holds the file").toBeNull();
      // Space freed: the same running server loads the batch (the database was reopened, not lost).
      rmSync(join(mountDir, "filler"));
      const retry = await upload<{ ok: boolean }>(admin, "ingest.load", folderFiles(join(gen, "hrt-01")));
      report.status(retry.status);
      report.note(`after freeing space, the same load on the same server: HTTP ${retry.status}`);
      expect(retry.status, retry.raw.slice(0, 300)).toBe(200);
      serve.child.kill("SIGTERM");
      expect(await serve.exited).toBe(0);
    } finally {
      if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill("SIGKILL");
    }
    const after = await tableCounts(path);
    const left = readdirSync(mountDir).filter((n) => !filesBefore.includes(n) && n !== "filler");
    report.note(`database ${sizeBefore} bytes before, ${statSync(path).size} after the refused and the retried load; new files on the disk: ${left.join(", ") || "none"}`);
    // The refused load left nothing; the retried one added its stays.
    expect(after.stays).toBe((before.stays ?? 0) + 40_000);
    expect(status).toBe(503);
    expect(message).toMatch(/disco.* \/ .*disk/i);
    expect(left).toEqual([]);
  });
});
