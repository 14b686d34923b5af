// `refugio backup --out FILE [--db PATH]` and `refugio restore FILE [--db PATH] [--force]`.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { databasePath, dbOption, UsageError, type Command } from "../cli/command";
import { backupTo, BackupError, restoreFrom, type BackupSummary } from "./backup";
import { DatabaseBusyError, openDatabase, resolveDbPath } from "./connection";

const describe = (s: BackupSummary) =>
  `${s.path}: ${(s.bytes / 1e6).toFixed(1)} MB, ${Object.entries(s.rows).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(", ") || "sin filas / no rows"}\n`;

function userError(name: string, error: unknown): number {
  if (error instanceof BackupError) {
    process.stderr.write(`refugio ${name}: ${error.es}\n${error.en}\n`);
    return 2;
  }
  throw error;
}

export const backup: Command = {
  name: "backup",
  summary:
    "Copy the database to a new file, consistent even during a load / Copiar la base de datos a un archivo nuevo, coherente aun durante una carga.",
  usage: `refugio backup --out FILE [--db PATH]

  The copy holds the committed data as of its start: taken during a load, the database before
  or after that load, never a mix. While \`refugio serve\` holds the database, take the copy
  through the server instead (Administration, or the admin.backup procedure). A backup holds
  everything the database does (accounts, the record-key secret): keep it as safely.
  La copia contiene lo confirmado al empezar; mientras \`refugio serve\` usa la base, haga la
  copia desde el servidor (Administración). Guárdela con el mismo cuidado que la base.`,
  options: { ...dbOption, out: { type: "string" } },
  async run({ values }) {
    const out = values.out as string | undefined;
    if (!out) throw new UsageError("--out FILE is required / falta --out ARCHIVO");
    const path = resolveDbPath(values.db as string | undefined);
    if (!existsSync(path)) {
      process.stderr.write(`refugio backup: no existe la base de datos ${path}\nThere is no database at ${path}\n`);
      return 2;
    }
    let db;
    try {
      // Read-write: DuckDB attaches the new file in the instance's mode.
      db = await openDatabase(path);
    } catch (error) {
      if (!(error instanceof DatabaseBusyError)) throw error;
      process.stderr.write(
        `refugio backup: la base ${error.path} está en uso${error.holder ? ` (${error.holder})` : ""}: haga la copia desde el servidor (Administración → Copia de seguridad)
` +
          `The database ${error.path} is in use${error.holder ? ` (${error.holder})` : ""}: take the backup through the server (Administration → Backup)
`,
      );
      return 1;
    }
    try {
      process.stdout.write(describe(await backupTo(db.connection, resolve(out))));
      return 0;
    } catch (error) {
      return userError("backup", error);
    } finally {
      db.close();
    }
  },
};

export const restore: Command = {
  name: "restore",
  summary: "Replace the database with a backup / Reemplazar la base de datos por una copia.",
  usage: `refugio restore FILE [--db PATH [--create]] [--force]

  Checks that FILE is a Refugio database this version reads, then puts a copy of it in place of
  the database (--force when one exists). Stop \`refugio serve\` first.
  Comprueba la copia y la pone en lugar de la base (--force si ya existe). Detenga antes el servidor.`,
  options: { ...dbOption, force: { type: "boolean" } },
  allowPositionals: true,
  async run({ values, positionals }) {
    const [file, ...rest] = positionals;
    if (!file || rest.length > 0) throw new UsageError("refugio restore FILE [--db PATH] [--force]");
    // A folder that does not exist is refused unless --create (a mistyped --db).
    const target = databasePath(values);
    try {
      process.stdout.write(describe(await restoreFrom(resolve(file), target, { force: values.force === true })));
      return 0;
    } catch (error) {
      return userError("restore", error);
    }
  },
};
