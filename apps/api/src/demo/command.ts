// `refugio demo`: build a database holding the demo network (three networks of the seeds) and
// the demo accounts. Refuses to touch an existing database unless --force.
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { databasePath, dbOption, UsageError, type Command } from "../cli/command";
import { DatabaseBusyError, openDatabase } from "../db/connection";
import { createDemo, type DemoSummary } from "./create";

const phaseLabel: Record<string, string> = {
  write: "Generando lotes / writing batches",
  registry: "Importando el registro / importing the registry",
  "ingest:read": "Leyendo lotes / reading batches",
  "ingest:check": "Validando lotes / checking batches",
  "ingest:write": "Cargando lotes / loading batches",
  "ingest:facts": "Calculando hechos por estancia / building stay facts",
  "ingest:done": "Lotes cargados / batches loaded",
  accounts: "Recomendaciones y cuentas / recommendations and accounts",
};

function parseSeed(v: unknown): number {
  if (v === undefined) return 1;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--seed: se espera un entero / expected an integer: ${String(v)}`);
  return n;
}

function parseScale(v: unknown): number {
  if (v === undefined) return 1;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 20) throw new UsageError(`--scale: se espera un número > 0 y ≤ 20 / expected a number > 0 and ≤ 20: ${String(v)}`);
  return n;
}

export function formatSummary(s: DemoSummary): string {
  const out: string[] = [];
  out.push(`Base de datos de demostración / demo database: ${s.dbPath}`);
  out.push(`semilla / seed ${s.seed}, escala / scale ${s.scale}, datos hasta / data up to ${s.today}`, "");
  out.push(`${"red / network".padEnd(14)}${"refugios".padStart(9)}${"mujeres/women".padStart(15)}${"estancias/stays".padStart(17)}${"abiertas/open".padStart(15)}${"hijos/children".padStart(16)}${"acomp./companions".padStart(19)}`);
  for (const n of s.networks) {
    out.push(
      `${n.network_code.padEnd(14)}${String(n.shelters).padStart(9)}${String(n.women).padStart(15)}${String(n.stays).padStart(17)}${String(n.open_stays).padStart(15)}${String(n.children).padStart(16)}${String(n.companions).padStart(19)}`,
    );
  }
  if (s.ingestWarnings.length > 0) {
    out.push("", `Avisos del ingestor / ingester warnings (${s.ingestWarnings.length}):`);
    for (const w of s.ingestWarnings.slice(0, 10)) out.push(`  ${w.file}${w.line ? `:${w.line}` : ""} ${w.column ?? ""} ${w.reason.es} / ${w.reason.en}`);
  }
  out.push("", `Actualizaciones de recomendaciones Aurora / Aurora recommendation updates: ${s.recommendationUpdates}`);
  out.push("", `Cuentas de demostración (contraseña «${s.password}») / demo sign-ins (password "${s.password}"):`);
  for (const a of s.accounts.filter((x) => x.role !== "shelter_staff")) {
    out.push(`  ${a.username.padEnd(18)} ${a.role}${a.network_code ? ` (${a.network_code})` : ""}`);
  }
  const staff = s.accounts.filter((x) => x.role === "shelter_staff");
  if (staff.length > 0) {
    out.push(`  shelter-<código/code> shelter_staff, ${staff.length} cuentas / accounts: ${staff[0]?.username} … ${staff[staff.length - 1]?.username}`);
  }
  out.push("", `Tiempo / time: ${(s.ms.total / 1000).toFixed(1)} s (generar/write ${(s.ms.write / 1000).toFixed(1)} s, cargar/ingest ${(s.ms.ingest / 1000).toFixed(1)} s)`);
  out.push("Solo para demostración: no cargue datos reales en esta base. / Demo only: do not load real data into this database.");
  return `${out.join("\n")}\n`;
}

export const demo: Command = {
  name: "demo",
  summary: "Write and load the demo network (Peru Aurora HRT, Bogotá Casas Refugio, Mexico NOM-217 refuges) and the demo accounts / Generar y cargar la red de demostración y sus cuentas.",
  usage: "refugio demo [--db PATH] [--seed N] [--scale F] [--force] [--out DIR (keep the written batches, e.g. to try an upload)]",
  options: { ...dbOption, seed: { type: "string" }, scale: { type: "string" }, force: { type: "boolean" }, out: { type: "string" } },
  async run({ values }) {
    const seed = parseSeed(values.seed);
    const scale = parseScale(values.scale);
    // The demo creates its database, folder included (no --create needed).
    const path = databasePath(values, { create: true });
    const outDir = values.out === undefined ? undefined : resolve(String(values.out));
    if (outDir && existsSync(outDir) && readdirSync(outDir).length > 0) {
      throw new UsageError(`--out: la carpeta no está vacía / the folder is not empty: ${outDir}`);
    }
    if (existsSync(path) && statSync(path).size > 0) {
      if (values.force !== true) {
        process.stderr.write(
          `refugio demo: ${path} ya existe y no está vacía; use --force para reemplazarla / already exists and is not empty; use --force to replace it\n`,
        );
        return 2;
      }
      // Never delete a database another process (e.g. `refugio serve`) is using.
      try {
        (await openDatabase(path, { readOnly: true })).close();
      } catch (error) {
        if (error instanceof DatabaseBusyError) throw error;
        // Not a DuckDB file at all: --force replaces it too.
      }
      rmSync(path, { force: true });
      rmSync(`${path}.wal`, { force: true });
    }
    let last = "";
    const started = Date.now();
    const summary = await createDemo(path, {
      seed,
      scale,
      outDir,
      onProgress: (p) => {
        if (p.phase === last) return;
        last = p.phase;
        const label = phaseLabel[p.phase] ?? p.phase;
        process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${label}…\n`);
      },
    });
    process.stdout.write(`\n${formatSummary(summary)}`);
    if (outDir) process.stdout.write(`Lotes y registro en / batches and registry in: ${outDir}\n`);
    return 0;
  },
};
