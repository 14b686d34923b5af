// What every browser test needs around the page: the built dashboard, `refugio serve` on a free
// loopback port serving it (its output kept for the failure message), stopped with SIGTERM
// (SIGKILL after 10 s), Chromium, and a demo account signed in.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";

const run = promisify(execFile);

export const dashboardDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = resolve(dashboardDir, "../..");
export const cli = join(repoRoot, "apps/api/bin/refugio.js");
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** `refugio ARGS` through its bin, as a user runs it: its standard output (rejects with the exit code). */
export async function refugio(args: string[], timeout = 900_000): Promise<string> {
  const { stdout } = await run(process.execPath, [cli, ...args], {
    cwd: repoRoot,
    timeout,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, REFUGIO_LOG_LEVEL: "warn", CHROMIUM_PATH: chromiumPath },
  });
  return stdout;
}

export interface DemoSuite {
  browser: Browser;
  /** The built dashboard. */
  dist: string;
  /** The demo database (in `tmp`, removed by stop). */
  db: string;
  tmp: string;
  /** `refugio serve` on the database, unless the suite was asked not to start it. */
  server: RunningServer | null;
  stop(): Promise<void>;
}

/**
 * What a browser test file needs in its beforeAll: Chromium, the built dashboard, a demo network
 * in a private folder and `refugio serve` on it. `beforeServe` reads what the test expects from the
 * database file before the server takes it (the CLI's figures, the truth of an export).
 */
export async function startDemoSuite(
  name: string,
  demo: { scale: string; seed: string },
  opts: { serve?: boolean; beforeServe?: (db: string) => Promise<void> } = {},
): Promise<DemoSuite> {
  const browser = await launchChromium(chromiumPath);
  const tmp = mkdtempSync(join(tmpdir(), `refugio-${name}-`));
  const db = join(tmp, "refugio.duckdb");
  let server: RunningServer | null = null;
  const stop = async () => {
    await browser.close().catch(() => undefined);
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const dist = await builtDashboard(dashboardDir);
    await refugio(["demo", "--db", db, "--scale", demo.scale, "--seed", demo.seed]);
    await opts.beforeServe?.(db);
    if (opts.serve !== false) server = await serveDashboard(cli, repoRoot, db, dist);
    return { browser, dist, db, tmp, server, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface RunningServer {
  base: string;
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
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

/** `refugio serve --db DB --dashboard DIST` on a free port, once /healthz answers. */
export async function serveDashboard(cli: string, repoRoot: string, db: string, dist: string, ms = 60_000): Promise<RunningServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(process.execPath, [cli, "serve", "--db", db, "--port", String(port), "--dashboard", dist], {
    cwd: repoRoot,
    env: { ...process.env, REFUGIO_LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((ok) => child.once("exit", ok));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 10_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  const deadline = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`refugio serve exited early:\n${output}`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`refugio serve did not answer /healthz within ${ms} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, child, log: () => output, stop };
}

/** Signs a demo account in (password demo-password) and waits for the navigation. */
export async function signInAs(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel("Usuario").fill(username);
  await page.getByLabel("Contraseña").fill("demo-password");
  await page.getByRole("button", { name: "Ingresar" }).click();
  await page.getByRole("navigation").waitFor({ timeout: 30_000 });
}

/**
 * The built dashboard the tests drive. turbo's test task builds it first; a bare `vitest run`
 * builds it here when it is missing.
 */
export async function builtDashboard(dashboardDir: string): Promise<string> {
  const dist = join(dashboardDir, "dist");
  if (!existsSync(join(dist, "index.html"))) await run("npx", ["vite", "build"], { cwd: dashboardDir, timeout: 300_000 });
  return dist;
}

/** Debian's Chromium, headless, without the background connections this closed network refuses. */
export function launchChromium(executablePath: string): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
