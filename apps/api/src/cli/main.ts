// Entry point of the `refugio` command line.
import { DatabaseBusyError } from "../db/connection";
import { DbFolderMissingError, parseCommandArgs, UsageError, type Command } from "./command";

// Each command module is loaded only when used, so `refugio --help` stays fast.
const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import("./serve")).serve,
  demo: async () => (await import("../demo/command")).demo,
  ingest: async () => (await import("../ingest/command")).ingest,
  generate: async () => (await import("../ingest/generate-command")).generate,
  registry: async () => (await import("../ingest/registry-command")).registry,
  indicators: async () => (await import("../indicators/command")).indicators,
  user: async () => (await import("../auth/command")).user,
  export: async () => (await import("../exports/command")).exportCommand,
  backup: async () => (await import("../db/backup-command")).backup,
  restore: async () => (await import("../db/backup-command")).restore,
  lake: async () => (await import("../lake/command")).lake,
  quality: async () => (await import("../quality/command")).quality,
  report: async () => (await import("../report/command")).report,
};

const summaries: Record<string, string> = {
  serve: "Serve the API (/trpc) and the dashboard / Servir la API y el panel",
  demo: "Write and load the demo network / Generar y cargar la red de demostración",
  ingest: "Validate and load shelter export batches / Validar y cargar lotes",
  generate: "Write synthetic batches in contract v1 / Generar lotes sintéticos",
  registry: "Import or export the shelter registry / Importar o exportar el registro",
  indicators: "Compute indicators / Calcular indicadores",
  user: "Manage accounts / Gestionar cuentas",
  export: "Anonymised research microdata / Microdatos anonimizados para investigación",
  backup: "Copy the database, consistent during a load / Copiar la base de datos",
  restore: "Replace the database with a backup / Restaurar una copia",
  lake: "Write a Parquet lake snapshot / Escribir una instantánea Parquet",
  quality: "Data quality: submissions, completeness, findings / Calidad de datos",
  report: "Print the one-page network report to PDF / Informe de red en PDF",
};

function topHelp(): string {
  const lines = Object.keys(commands).map((n) => `  ${n.padEnd(11)} ${summaries[n] ?? ""}`);
  return `refugio: analytics for shelter networks / analítica para redes de refugios

Usage: refugio <command> [options]

Commands:
${lines.join("\n")}

Every command accepts --help. Database: --db PATH, else $REFUGIO_DB, else data/refugio.duckdb.
A database folder that does not exist is refused unless --create is given (refugio demo creates it).
La carpeta de la base de datos debe existir, salvo con --create (refugio demo la crea).
`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(topHelp());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`refugio: unknown command "${name}" / comando desconocido\n\n${topHelp()}`);
    return 2;
  }
  const cmd = await load();
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      process.stdout.write(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`);
      return 0;
    }
    return await cmd.run(args as { values: Record<string, unknown>; positionals: string[] });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`refugio ${name}: ${error.message}\n\nUsage: ${cmd.usage}\n`);
      return 2;
    }
    if (error instanceof DbFolderMissingError) {
      process.stderr.write(`refugio ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof DatabaseBusyError) {
      process.stderr.write(`refugio ${name}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`refugio ${name}: internal error / error interno: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
