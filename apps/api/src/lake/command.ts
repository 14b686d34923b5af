// `refugio lake export DIR`: write a Parquet lake snapshot of the database (see lake.ts).
// `refugio lake publish ROOT`: the writer's step after a load: a new snapshot under ROOT/snapshots/,
// then ROOT/current flipped to it, which readers (`serve --lake ROOT/current`) follow (snapshots.ts).
import { openDatabase, resolveDbPath } from "../db/connection";
import { dbOption, UsageError, type Command } from "../cli/command";
import { exportLake, LakeError } from "./lake";
import { publishSnapshot } from "./snapshots";

export const lake: Command = {
  name: "lake",
  summary: "Write a partitioned Parquet lake snapshot (country/network/year) / Escribir una instantánea Parquet particionada",
  usage: "refugio lake export DIR [--db PATH] | refugio lake publish ROOT [--db PATH]",
  options: { ...dbOption },
  allowPositionals: true,
  async run({ values, positionals }) {
    const [sub, dir, ...extra] = positionals;
    if (sub !== "export" && sub !== "publish") throw new UsageError(`subcomando desconocido / unknown subcommand: ${sub ?? ""}`);
    if (!dir || extra.length > 0) throw new UsageError(`indique una carpeta / give one folder: refugio lake ${sub} DIR`);
    // Read-only: a snapshot never changes the database.
    const db = await openDatabase(resolveDbPath(values.db as string | undefined), { readOnly: true });
    try {
      const { dir: written, manifest } = sub === "publish" ? await publishSnapshot(db.connection, dir) : { dir, manifest: await exportLake(db.connection, dir) };
      const rows = Object.entries(manifest.tables).map(([name, t]) => `${name} ${t.rows}`).join(", ");
      process.stdout.write(`lago escrito / lake written: ${written} (data version ${manifest.data_version}; ${rows})\n`);
      if (sub === "publish") process.stdout.write(`publicado / published: ${dir}/current\n`);
      return 0;
    } catch (error) {
      if (error instanceof LakeError) {
        process.stderr.write(`refugio lake: ${error.message}\n`);
        return 2;
      }
      throw error;
    } finally {
      db.close();
    }
  },
};
