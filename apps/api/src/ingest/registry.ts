// The shelter registry (kept by the network, not sent by shelters): import from CSV or Parquet
// in the contract's `shelters` shape, checked with the same SQL as batches; export as CSV.
// Importing also (re)loads the reference recommendations shipped in @refugio/schemas.
import { writeFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { auroraRecommendations, shelters, type Bilingual, type IngestProblem } from "@refugio/schemas";
import { refreshStayFacts } from "../db/facts";
import { bumpDataVersion } from "../db/migrations";
import { all, run, transaction } from "../db/query";
import { finishTyped, runChecks, type TypedFile } from "./checks";
import { openFile, Scratch } from "./files";
import type { Problem } from "./problems";
import { installValidationSql, q } from "./sql";
import { scanIdentifiers, stageFile } from "./stage";

export class RegistryRejectedError extends Error {
  constructor(readonly problems: IngestProblem[]) {
    super(`registry file rejected: ${problems.length} problem(s) / archivo de registro rechazado`);
    this.name = "RegistryRejectedError";
  }
}

export const recommendationCatalogueDdl = `CREATE TABLE IF NOT EXISTS recommendation_catalogue (
  recommendation_code VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  "order" INTEGER NOT NULL,
  kind VARCHAR NOT NULL,
  title_es VARCHAR NOT NULL,
  title_en VARCHAR NOT NULL,
  text_es VARCHAR NOT NULL,
  text_en VARCHAR NOT NULL,
  owner_level VARCHAR NOT NULL,
  owner_es VARCHAR NOT NULL,
  owner_en VARCHAR NOT NULL,
  linked_indicators VARCHAR NOT NULL
)`;

/** Loads the reference recommendations (Aurora evaluation) into recommendation_catalogue. */
export async function loadRecommendationCatalogue(conn: DuckDBConnection): Promise<number> {
  await run(conn, recommendationCatalogueDdl);
  for (const r of auroraRecommendations) {
    await run(
      conn,
      `INSERT OR REPLACE INTO recommendation_catalogue VALUES ($code, 'aurora', $order, $kind, $title_es, $title_en, $text_es, $text_en, $owner_level, $owner_es, $owner_en, $linked)`,
      {
        code: r.code,
        order: r.order,
        kind: r.kind,
        title_es: r.title.es,
        title_en: r.title.en,
        text_es: r.text.es,
        text_en: r.text.en,
        owner_level: r.owner_level,
        owner_es: r.owner.es,
        owner_en: r.owner.en,
        linked: (r.linked_indicators as readonly string[]).join("|"),
      },
    );
  }
  return auroraRecommendations.length;
}

let seq = 0;

export async function importRegistry(conn: DuckDBConnection, file: string, opts: { loadedBy: string }): Promise<{ shelters: number; networks: number }> {
  const scratch = new Scratch();
  const prefix = `refugio_registry_${process.pid}_${++seq}`;
  const temps = [`${prefix}_raw`, `${prefix}_typed`];
  try {
    await installValidationSql(conn);
    const f = openFile(file, scratch);
    const problems: Problem[] = [];
    const report = (ps: Problem[]): IngestProblem[] =>
      ps.map((p) => ({ file, line: p.line, column: p.column, value: p.value, reason: p.reason, severity: p.severity }));
    if (!f) {
      const reason: Bilingual = { es: "el registro debe ser .csv o .parquet", en: "the registry must be a .csv or .parquet file" };
      throw new RegistryRejectedError([{ file, line: null, column: null, value: null, reason, severity: "error" }]);
    }
    const staged = await stageFile(conn, f, shelters, 1, temps[0] ?? "", "", problems);
    if (!staged) throw new RegistryRejectedError(report(problems));
    await scanIdentifiers(conn, [{ staged, problems, at: problems.length }]);
    const typed: TypedFile = await finishTyped(conn, staged, temps[1] ?? "");
    const checked = await runChecks(conn, new Map([["shelters", typed]]), { shelterCode: null, exportedOn: null }, (name) => {
      temps.push(`${prefix}_${name}`);
      return `${prefix}_${name}`;
    });
    const all_ = [...problems, ...checked.problems];
    if (all_.some((p) => p.severity === "error")) throw new RegistryRejectedError(report(all_));

    const t = q(typed.typedTable);
    const cols = shelters.columns.map((c) => q(c.name));
    return await transaction(conn, async () => {
      await run(
        conn,
        `INSERT INTO networks (network_code, network_name, country)
         SELECT network_code, max(network_name), max(country) FROM ${t} GROUP BY network_code
         ON CONFLICT (network_code) DO UPDATE SET network_name = COALESCE(excluded.network_name, networks.network_name), country = excluded.country`,
      );
      await run(conn, `INSERT OR REPLACE INTO shelters (${cols.join(", ")}) SELECT ${cols.join(", ")} FROM ${t}`);
      await loadRecommendationCatalogue(conn);
      const counts = (await all<{ shelters: number; networks: number }>(conn, `SELECT count(*) AS shelters, count(DISTINCT network_code) AS networks FROM ${t}`))[0] ?? {
        shelters: 0,
        networks: 0,
      };
      const codes = (await all<{ shelter_code: string }>(conn, `SELECT shelter_code FROM ${t} ORDER BY shelter_code`)).map((r) => r.shelter_code);
      await run(conn, `INSERT INTO audit_log (actor, action, target, ok, detail) VALUES ($actor, 'registry.import', NULL, true, CAST($detail AS JSON))`, {
        actor: opts.loadedBy,
        detail: JSON.stringify(counts),
      });
      await refreshStayFacts(conn, codes);
      await bumpDataVersion(conn);
      return counts;
    });
  } finally {
    for (const name of temps) await run(conn, `DROP VIEW IF EXISTS temp.${q(name)}`).catch(() => undefined);
    for (const name of temps) await run(conn, `DROP TABLE IF EXISTS temp.${q(name)}`).catch(() => undefined);
    scratch.dispose();
  }
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** Writes the registry as CSV in the contract's `shelters` shape (network_name from networks). */
export async function exportRegistry(conn: DuckDBConnection, file: string): Promise<{ shelters: number }> {
  const cols = shelters.columns.map((c) => c.name);
  const rows = await all<Record<string, unknown>>(
    conn,
    `SELECT ${cols.map((c) => (c === "network_name" ? `COALESCE(s.network_name, n.network_name) AS network_name` : `s.${q(c)}`)).join(", ")}
     FROM shelters AS s LEFT JOIN networks AS n USING (network_code) ORDER BY s.shelter_code`,
  );
  const lines = [cols.join(","), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(","))];
  writeFileSync(file, `${lines.join("\n")}\n`, "utf8");
  return { shelters: rows.length };
}
