#!/usr/bin/env node
// `npm run dev`: the API (`refugio serve`, port 8787 or $PORT) and Vite's dev server with hot
// reload (port 5173 or $VITE_PORT, proxying /trpc to the API), together; Ctrl+C stops both.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { cli, dbPath, ensureDemoDatabase, port, printWelcome, root, supervise, whenHealthy } from "./shared.mjs";

const db = dbPath();
const apiPort = port();
const vitePort = Number(process.env.VITE_PORT ?? 5173);

await ensureDemoDatabase(db);

const api = spawn(process.execPath, [cli, "serve", "--db", db, "--port", String(apiPort)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, REFUGIO_LOG_LEVEL: process.env.REFUGIO_LOG_LEVEL ?? "warn" },
});
// Vite's own script under this Node, not through npx: npm exec does not pass signals on.
const dashboard = resolve(root, "apps/dashboard");
const viteBin = resolve(dirname(createRequire(resolve(dashboard, "package.json")).resolve("vite/package.json")), "bin/vite.js");
const vite = spawn(process.execPath, [viteBin, "--port", String(vitePort), "--strictPort"], {
  cwd: dashboard,
  stdio: "inherit",
  env: { ...process.env, REFUGIO_API_URL: `http://127.0.0.1:${apiPort}` },
});
supervise([api, vite]);
void whenHealthy(`http://127.0.0.1:${apiPort}`, () => printWelcome(`http://localhost:${vitePort}`, db));
