// `refugio registry import <file>` / `refugio registry export [--out FILE]`.
import { openDatabase } from "../db/connection";
import { databasePath, dbOption, UsageError, type Command } from "../cli/command";
import { exportRegistry, importRegistry, RegistryFileError, RegistryRejectedError } from "./registry";

export const registry: Command = {
  name: "registry",
  summary: "Import or export the shelter registry / Importar o exportar el registro de refugios.",
  usage: "refugio registry import <file.csv|file.parquet> [--db PATH [--create]] [--loaded-by NAME] | refugio registry export [--out FILE] [--db PATH]",
  options: { ...dbOption, out: { type: "string" }, "loaded-by": { type: "string" } },
  allowPositionals: true,
  async run({ values, positionals }) {
    const [action, file, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError("too many arguments / demasiados argumentos");
    if (action === "import") {
      if (!file) throw new UsageError("registry import <file>");
      const db = await openDatabase(databasePath(values));
      try {
        const counts = await importRegistry(db.connection, file, { loadedBy: (values["loaded-by"] as string | undefined) ?? process.env.USER ?? "cli" });
        process.stdout.write(`${counts.shelters} refugios / shelters, ${counts.networks} redes / networks\n`);
        return 0;
      } catch (error) {
        if (!(error instanceof RegistryRejectedError)) throw error;
        process.stdout.write(`Rechazado / rejected:\n${error.problems.map((p) => `  ${[p.file, p.line ?? "", p.column ?? ""].filter((x) => x !== "").join(":")}${p.value === null ? "" : ` «${p.value}»`} ${p.reason.es} / ${p.reason.en}`).join("\n")}\n`);
        return 2;
      } finally {
        db.close();
      }
    }
    if (action === "export") {
      if (file) throw new UsageError("registry export takes --out FILE");
      const db = await openDatabase(databasePath(values));
      try {
        const out = (values.out as string | undefined) ?? "shelters.csv";
        const { shelters } = await exportRegistry(db.connection, out);
        process.stdout.write(`${shelters} refugios / shelters → ${out}\n`);
        return 0;
      } catch (error) {
        // A wrong --out is the user's to fix (exit 2), not an internal error.
        if (!(error instanceof RegistryFileError)) throw error;
        process.stderr.write(`refugio registry export: no se puede escribir / cannot write ${error.file}: ${error.reason.es} / ${error.reason.en}\n`);
        return 2;
      } finally {
        db.close();
      }
    }
    throw new UsageError("registry import <file> | registry export [--out FILE]");
  },
};
