// Shared by start.mjs and dev.mjs: paths, child processes with forwarded signals, the demo database.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const cli = resolve(root, "apps/api/bin/refugio.js");

export const demoSignIns = [
  "admin",
  "ministry",
  "director-aurora",
  "director-bogota",
  "researcher",
  "shelter-<código/code>, p. ej./e.g. shelter-hrt-01, shelter-cr-bog-1, shelter-mx-ref-01",
];

export function dbPath() {
  const p = process.env.REFUGIO_DB ?? "data/refugio.duckdb";
  return isAbsolute(p) ? p : resolve(root, p);
}

export function port() {
  const n = Number(process.env.PORT ?? 8787);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`PORT no válido / invalid PORT: ${process.env.PORT}`);
    process.exit(2);
  }
  return n;
}

/** Run a command to completion (output shown); resolves with its exit code. */
export function run(command, args, opts = {}) {
  return new Promise((ok) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", ...opts });
    child.once("error", (error) => {
      console.error(`${command}: ${error.message}`);
      ok(1);
    });
    child.once("exit", (code, signal) => ok(code ?? (signal ? 1 : 0)));
  });
}

/** Create the demo database if the file is absent; a failed attempt leaves no half-built file. */
export async function ensureDemoDatabase(db) {
  if (existsSync(db)) return;
  mkdirSync(dirname(db), { recursive: true });
  console.log(`\nCreando la base de demostración / creating the demo database: ${db}\n`);
  const code = await run(process.execPath, [cli, "demo", "--db", db]);
  if (code !== 0) {
    for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
    console.error(`\nNo se pudo crear la base de demostración (código ${code}) / could not create the demo database (exit ${code}).`);
    process.exit(code);
  }
}

/**
 * Start long-running children and tie their lives together: a signal to this process goes to
 * every child, and when one child ends the others are stopped too.
 */
export function supervise(children) {
  let stopping = false;
  const stopAll = (signal) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(signal);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stopAll(signal));
  let remaining = children.length;
  let firstCode = null;
  for (const c of children) {
    c.once("exit", (code, signal) => {
      firstCode ??= code ?? (signal === "SIGINT" || signal === "SIGTERM" ? 0 : 1);
      stopAll("SIGTERM");
      remaining -= 1;
      if (remaining === 0) process.exit(firstCode);
    });
  }
}

/** Poll /healthz until the API answers, then call `onReady` (gives up quietly after a minute). */
export async function whenHealthy(url, onReady) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) {
        onReady();
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

export function printWelcome(url, db) {
  console.log(`
  Refugio está listo / Refugio is ready:  ${url}
  Base de datos / database: ${db}

  Cuentas de demostración / demo sign-ins (contraseña / password: demo-password):
${demoSignIns.map((u) => `    - ${u}`).join("\n")}
  Ctrl+C para detener / to stop.
`);
}
