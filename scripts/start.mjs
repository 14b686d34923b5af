#!/usr/bin/env node
// `npm start`: build the dashboard (turbo caches it), create the demo database if absent, serve.
// PORT and REFUGIO_DB override the defaults (8787, data/refugio.duckdb).
import { spawn } from "node:child_process";
import { cli, dbPath, ensureDemoDatabase, port, printWelcome, root, run, supervise, whenHealthy } from "./shared.mjs";

const db = dbPath();
const p = port();

const built = await run("npx", ["turbo", "run", "build", "--filter=@refugio/dashboard", "--output-logs=errors-only"]);
if (built !== 0) {
  console.error("La compilación falló / the build failed.");
  process.exit(built);
}
await ensureDemoDatabase(db);

const server = spawn(process.execPath, [cli, "serve", "--db", db, "--port", String(p)], { cwd: root, stdio: "inherit" });
supervise([server]);
const url = `http://localhost:${p}`;
void whenHealthy(`http://127.0.0.1:${p}`, () => printWelcome(url, db));
