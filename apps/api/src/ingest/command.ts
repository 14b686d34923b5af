// `refugio ingest <folder-or-zip>...`: validate and load shelter export batches.
// Exit codes: 0 loaded (or valid with --dry-run), 2 rejected, 1 internal error.
import type { IngestReport } from "@refugio/schemas";
import { openDatabase } from "../db/connection";
import { databasePath, dbOption, memorySize, UsageError, type Command } from "../cli/command";
import { ingestBatches } from "./ingest";

const statusLabel: Record<string, string> = {
  loaded: "cargado / loaded",
  unchanged: "sin cambios / unchanged",
  rejected: "rechazado / rejected",
  valid: "válido, no cargado / valid, not loaded",
};

export function formatReport(report: IngestReport): string {
  const out: string[] = [];
  for (const b of report.batches) {
    out.push(`${b.source ?? ""}: ${statusLabel[b.status] ?? b.status}${b.shelter_code ? ` [${b.shelter_code}]` : ""}${b.batch_id ? ` batch ${b.batch_id}` : ""}${b.replaced_stays ? `, ${b.replaced_stays} estancias reemplazadas / stays replaced` : ""}`);
  }
  const tables = Object.entries(report.tables);
  if (tables.length > 0) {
    out.push("", `${"tabla / table".padEnd(22)}${"leídas/read".padStart(12)}${"insertadas/inserted".padStart(21)}${"reemplazadas/replaced".padStart(23)}`);
    for (const [t, c] of tables) out.push(`${t.padEnd(22)}${String(c.read).padStart(12)}${String(c.inserted).padStart(21)}${String(c.replaced).padStart(23)}`);
  }
  if (report.problems.length > 0) {
    out.push("", `Problemas / problems (${report.problem_count}):`);
    for (const p of report.problems) {
      const where = [p.file, p.line ?? "", p.column ?? ""].filter((x) => x !== "").join(":");
      const value = p.value === null ? "" : ` «${p.value}»`;
      const tag = p.severity === "warning" ? "aviso/warning" : "error";
      out.push(`  ${where}${value} [${tag}] ${p.reason.es} / ${p.reason.en}`);
    }
    if (report.problem_count > report.problems.length) out.push(`  … ${report.problem_count - report.problems.length} más / more`);
  }
  return `${out.join("\n")}\n`;
}

export const ingest: Command = {
  name: "ingest",
  summary: "Validate and load shelter export batches (folders or .zip) / Validar y cargar lotes de refugios.",
  usage: "refugio ingest <folder-or-zip>... [--db PATH [--create]] [--dry-run] [--json] [--loaded-by NAME] [--progress] [--memory-limit SIZE]",
  options: {
    ...dbOption,
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
    "loaded-by": { type: "string" },
    progress: { type: "boolean" },
    "memory-limit": { type: "string" },
  },
  allowPositionals: true,
  async run({ values, positionals }) {
    if (positionals.length === 0) throw new UsageError("at least one batch folder or .zip / al menos una carpeta o .zip");
    // A cap on DuckDB's memory for a large load (it spills to disk above it): at 1 M stays in 40
    // batches, 600MB held the process at 927 MB instead of 1,385 MB, for 17 % more time.
    const memoryLimit = memorySize("memory-limit", values["memory-limit"]);
    try {
      return await load(values, positionals, memoryLimit);
    } catch (error) {
      // DuckDB's own advice names its SQL setting; the user of this command set the option.
      if (memoryLimit && /Out of Memory/i.test(error instanceof Error ? error.message : String(error))) {
        throw new Error(
          `la carga no cupo en --memory-limit ${memoryLimit}: súbalo u omítalo; la base de datos no cambió / the load did not fit in --memory-limit ${memoryLimit}: raise it or leave it out; the database is unchanged`,
        );
      }
      throw error;
    }
  },
};

/** Open the database (with the cap), load, report; the exit code. */
async function load(values: Record<string, unknown>, positionals: string[], memoryLimit: string | undefined): Promise<number> {
  const db = await openDatabase(databasePath(values), { memoryLimit });
  try {
    // Live progress on a terminal; --progress prints one line per phase (for scripts and logs).
    const tty = process.stderr.isTTY === true && !values.json;
    const lines = values.progress === true;
    const started = Date.now();
    const report = await ingestBatches(db.connection, positionals, {
      loadedBy: (values["loaded-by"] as string | undefined) ?? process.env.USER ?? "cli",
      dryRun: values["dry-run"] === true,
      onProgress:
        tty || lines
          ? (p) => {
              const s = ((Date.now() - started) / 1000).toFixed(1);
              if (lines) process.stderr.write(`progress ${p.phase} ${p.done}/${p.total} ${s}s\n`);
              else process.stderr.write(`\r${p.phase} ${p.done}/${p.total} (${s}s)   ${p.phase === "done" ? "\n" : ""}`);
            }
          : undefined,
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return report.ok ? 0 : 2;
  } finally {
    db.close();
  }
}
