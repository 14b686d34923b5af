// Child processes of the harness: the `refugio` CLI, one-shot measuring children (whose peak RSS
// they report themselves from /proc/self/status), and `refugio serve` started and stopped by pid.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileP = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
export const apiDir = resolve(here, "../..");
export const repoRoot = resolve(apiDir, "../..");
export const cli = join(apiDir, "bin/refugio.js");

/** Peak and current resident set size of a live process, in MB (Linux /proc; null elsewhere). */
export function memoryOf(pid: number | "self"): { peakMB: number; rssMB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { peakMB: kb("VmHWM") / 1024, rssMB: kb("VmRSS") / 1024 };
  } catch {
    return null;
  }
}

export async function refugio(args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await execFileP(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, REFUGIO_LOG_LEVEL: "warn", ...env },
  });
  return stdout;
}

/**
 * Run a measuring child (a TypeScript file of bench/child, through tsx) and parse the JSON it
 * prints last. Each child is its own process so that its peak RSS is its own.
 */
export async function measureChild<T>(script: string, args: string[]): Promise<T> {
  const { stdout } = await execFileP(process.execPath, ["--import", "tsx", join(apiDir, "bench/child", script), ...args], {
    cwd: apiDir,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, REFUGIO_LOG_LEVEL: "warn" },
  });
  const last = stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as T;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => ok(port));
    });
  });
}

export interface RunningServer {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `refugio serve` on loopback, waited for until /healthz answers. */
export async function startServer(db: string, dashboardDir: string | null, extraArgs: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const args = [cli, "serve", "--db", db, "--port", String(port), "--host", "127.0.0.1", ...extraArgs];
  if (dashboardDir) args.push("--dashboard", dashboardDir);
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, REFUGIO_LOG_LEVEL: "warn" }, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (d: Buffer) => {
    log = (log + d.toString()).slice(-8000);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`refugio serve exited early (${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`refugio serve did not answer /healthz within 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    child,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once("exit", () => ok());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
      }),
  };
}
