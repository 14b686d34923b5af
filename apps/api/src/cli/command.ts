// A `refugio` sub-command: its help text and its runner. Runners return the process exit code:
// 0 done, 1 internal error, 2 rejected input (e.g. a batch that fails validation).
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { resolveDbPath } from "../db/connection";

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  allowPositionals?: boolean;
  run(args: { values: Record<string, unknown>; positionals: string[] }): Promise<number>;
}

export class UsageError extends Error {}

export function parseCommandArgs(cmd: Command, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { ...cmd.options, help: { type: "boolean", short: "h" } },
      allowPositionals: cmd.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** A DuckDB memory size as a user writes it ("600MB", "2GB", "1.5GiB"), checked before DuckDB sees it. */
export function memorySize(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(text)) {
    throw new UsageError(`--${option}: «${text.slice(0, 40)}» no es un tamaño de memoria (p. ej. 600MB, 2GB) / is not a memory size (e.g. 600MB, 2GB)`);
  }
  return text;
}

/** --db PATH (else $REFUGIO_DB, else data/refugio.duckdb) and --create (make its folder if missing). */
export const dbOption = { db: { type: "string" }, create: { type: "boolean" } } as const;

/** The database's folder does not exist (a mistyped --db would otherwise serve a new, empty database). Exit 2. */
export class DbFolderMissingError extends Error {
  constructor(readonly folder: string) {
    super(
      `la carpeta de la base de datos no existe: ${folder}; revise --db o use --create para crearla / the database folder does not exist: ${folder}; check --db or pass --create to create it`,
    );
    this.name = "DbFolderMissingError";
  }
}

/**
 * The database path of a command (--db, $REFUGIO_DB, the default). A folder that does not exist
 * is refused unless --create is given or the command creates databases (`refugio demo`):
 * openDatabase would create it silently and serve an empty database.
 */
export function databasePath(values: Record<string, unknown>, opts: { create?: boolean } = {}): string {
  const path = resolveDbPath(values.db as string | undefined);
  if (!existsSync(dirname(path)) && !(opts.create === true || values.create === true)) throw new DbFolderMissingError(dirname(path));
  return path;
}
