// The shelter registry (kept by the network, not sent by shelters): import from CSV or Parquet
// in the contract's `shelters` shape, checked with the same SQL as batches; export as CSV.
// Importing also (re)loads the reference recommendations shipped in @refugio/schemas.
import { writeFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { auroraRecommendations, listedRegionCountries, normaliseMessages, regionNames, shelters, type Bilingual, type IngestProblem } from "@refugio/schemas";
import { refreshStayFacts } from "../db/facts";
import { DEFAULT_DUE_DAYS, DEFAULT_REPORTING_PERIOD } from "../quality/ddl";
import { bumpDataVersion } from "../db/migrations";
import { all, run, transaction } from "../db/query";
import { finishTyped, runChecks } from "./checks";
import type { TypedFile } from "./typed";
import { openFile, Scratch } from "./files";
import { PROBLEM_CAP, type Problem } from "./problems";
import { installValidationSql, lit, q } from "./sql";
import { toCsvText, type CsvValue } from "./csv-write";
import { scanIdentifiers, stageFile } from "./stage";

export class RegistryRejectedError extends Error {
  constructor(readonly problems: IngestProblem[]) {
    super(`registry file rejected: ${problems.length} problem(s) / archivo de registro rechazado`);
    this.name = "RegistryRejectedError";
  }
}

/** A registry file that cannot be read or written where the user said (a wrong path, not a bug). */
export class RegistryFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: Bilingual,
  ) {
    super(`${file}: ${reason.es} / ${reason.en}`);
    this.name = "RegistryFileError";
  }
}

/** Why a path cannot be used, for errors that are the user's to fix; null for anything else. */
function pathReason(error: unknown, writing: boolean): Bilingual | null {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case "ENOENT":
      return writing ? { es: "la carpeta no existe", en: "the folder does not exist" } : { es: "el archivo no existe", en: "the file does not exist" };
    case "ENOTDIR":
      return { es: "una parte de la ruta no es una carpeta", en: "part of the path is not a folder" };
    case "EISDIR":
      return { es: "es una carpeta, no un archivo", en: "it is a folder, not a file" };
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return writing ? { es: "sin permiso para escribir aquí", en: "no permission to write here" } : { es: "sin permiso para leer el archivo", en: "no permission to read the file" };
    default:
      return null;
  }
}

const registryMessages = {
  country: (): Bilingual => ({
    es: "country debe ser un código ISO 3166-1 alfa-2 de dos letras (p. ej. PE)",
    en: "country must be a two-letter ISO 3166-1 alpha-2 code (e.g. PE)",
  }),
  regionFormat: (): Bilingual => ({
    es: "region_code debe ser un código ISO 3166-2: país, guion y hasta tres letras o cifras (p. ej. PE-CUS)",
    en: "region_code must be an ISO 3166-2 code: country, hyphen and up to three letters or digits (e.g. PE-CUS)",
  }),
  unknownRegion: (country: string): Bilingual => ({
    es: `no es una región de ${country} según ISO 3166-2 (p. ej. ${Object.keys(regionNames).find((k) => k.startsWith(`${country}-`)) ?? ""})`,
    en: `not a region of ${country} in ISO 3166-2 (e.g. ${Object.keys(regionNames).find((k) => k.startsWith(`${country}-`)) ?? ""})`,
  }),
  regionCountry: (country: string): Bilingual => ({
    es: `la región no es del país de la fila: debe empezar por «${country}-»`,
    en: `the region is not in the row's country: it must start with "${country}-"`,
  }),
};

/**
 * Rules across the columns of a registry row that the batch checks do not know: the country is an
 * ISO 3166-1 alpha-2 code, the region an ISO 3166-2 code of that country, and a shelter does not
 * close before it opens. For the countries @refugio/schemas lists every region of (Peru, Colombia,
 * Mexico), the region must be one of them. Case is not checked: codes are case-insensitive on input.
 */
async function registryRowProblems(conn: DuckDBConnection, typed: TypedFile): Promise<Problem[]> {
  const t = q(typed.typedTable);
  const countryOk = `regexp_full_match(country, '[A-Za-z]{2}')`;
  const regionOk = `regexp_full_match(region_code, '[A-Za-z]{2}-[A-Za-z0-9]{1,3}')`;
  // Reference data of ours (codes checked by the schemas' tests), inlined as literals.
  const listedCountries = listedRegionCountries.map(lit).join(", ");
  const listedRegions = Object.keys(regionNames).map(lit).join(", ");
  const rows = await all<{ line: number; country: string | null; region_code: string | null; closed_on: string | null; bad_country: boolean; bad_region: boolean; other_country: boolean; closed_early: boolean; unknown_region: boolean }>(
    conn,
    `SELECT * FROM (
       SELECT ${typed.lineOf("")} AS line, country, region_code, CAST(closed_on AS VARCHAR) AS closed_on,
              coalesce(NOT ${countryOk}, FALSE) AS bad_country,
              coalesce(NOT ${regionOk}, FALSE) AS bad_region,
              coalesce(${countryOk} AND ${regionOk} AND NOT starts_with(upper(region_code), upper(country) || '-'), FALSE) AS other_country,
              coalesce(closed_on < opened_on, FALSE) AS closed_early,
              coalesce(${regionOk} AND upper(country) IN (${listedCountries}) AND upper(region_code) NOT IN (${listedRegions}), FALSE) AS unknown_region
       FROM ${t})
     WHERE bad_country OR bad_region OR other_country OR closed_early OR unknown_region ORDER BY line LIMIT ${PROBLEM_CAP}`,
  );
  const lineMap = typed.file.lineMap;
  const physical = (line: number) => (lineMap && line >= typed.firstLine ? lineMap.line(line - typed.firstLine) : line);
  // Values of a column that looked like identifiers are never shown.
  const shown = (col: string, v: string | null) => (typed.identifierColumns.has(col) ? null : v);
  const out: Problem[] = [];
  for (const r of rows) {
    const at = (column: string, value: string | null, reason: Bilingual): Problem => ({ fi: typed.fi, line: physical(r.line), column, value: shown(column, value), reason, severity: "error" });
    if (r.bad_country) out.push(at("country", r.country, registryMessages.country()));
    if (r.bad_region) out.push(at("region_code", r.region_code, registryMessages.regionFormat()));
    if (r.other_country) out.push(at("region_code", r.region_code, registryMessages.regionCountry((r.country ?? "").toUpperCase())));
    else if (r.unknown_region) out.push(at("region_code", r.region_code, registryMessages.unknownRegion((r.country ?? "").toUpperCase())));
    if (r.closed_early) out.push(at("closed_on", r.closed_on, normaliseMessages.dateOrder("opened_on", "closed_on")));
  }
  // One calendar per network: rows of a network that declare different ones are refused.
  const calendars = await all<{ line: number; network_code: string; column: string; value: string }>(
    conn,
    `SELECT * FROM (
       SELECT ${typed.lineOf("")} AS line, network_code, 'reporting_period' AS "column", CAST(reporting_period AS VARCHAR) AS value,
              count(DISTINCT reporting_period) OVER (PARTITION BY network_code) AS kinds FROM ${t} WHERE reporting_period IS NOT NULL
       UNION ALL
       SELECT ${typed.lineOf("")}, network_code, 'reporting_due_days', CAST(reporting_due_days AS VARCHAR),
              count(DISTINCT reporting_due_days) OVER (PARTITION BY network_code) FROM ${t} WHERE reporting_due_days IS NOT NULL)
     WHERE kinds > 1 ORDER BY line LIMIT ${PROBLEM_CAP}`,
  );
  for (const r of calendars) {
    out.push({
      fi: typed.fi,
      line: physical(r.line),
      column: r.column,
      value: r.value,
      reason: {
        es: `las filas de la red ${r.network_code} declaran calendarios de envío distintos: use el mismo valor en todas (o déjelo vacío)`,
        en: `the rows of network ${r.network_code} declare different submission calendars: use the same value on all of them (or leave it blank)`,
      },
      severity: "error",
    });
  }
  return out;
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
    let f: ReturnType<typeof openFile>;
    try {
      f = openFile(file, scratch);
    } catch (error) {
      // A wrong path is the user's to fix, reported like any rejected file (exit 2), not as a crash.
      const reason = pathReason(error, false);
      if (!reason) throw error;
      throw new RegistryRejectedError([{ file, line: null, column: null, value: null, reason, severity: "error" }]);
    }
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
    const typed: TypedFile = await finishTyped(conn, staged);
    const checked = await runChecks(conn, new Map([["shelters", typed]]), { shelterCode: null, exportedOn: null }, (name) => {
      temps.push(`${prefix}_${name}`);
      return `${prefix}_${name}`;
    });
    const rowProblems = await registryRowProblems(conn, typed);
    // A row's problems together, in line order (the sort is stable: columns keep their order).
    const all_ = [...problems, ...[...checked.problems, ...rowProblems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))];
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
      // The submission calendar is the network's: a blank keeps what was declared before.
      await run(
        conn,
        `UPDATE networks AS n SET reporting_period = COALESCE(x.period, n.reporting_period, '${DEFAULT_REPORTING_PERIOD}'),
                                  reporting_due_days = COALESCE(x.due, n.reporting_due_days, ${DEFAULT_DUE_DAYS})
         FROM (SELECT network_code, max(reporting_period) AS period, max(reporting_due_days) AS due FROM ${t} GROUP BY network_code) AS x
         WHERE n.network_code = x.network_code`,
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

/** Columns the registry repeats on each shelter's row but that belong to its network. */
const networkColumns = new Set(["network_name", "reporting_period", "reporting_due_days"]);

/** Writes the registry as CSV in the contract's `shelters` shape (network_name from networks). */
export async function exportRegistry(conn: DuckDBConnection, file: string): Promise<{ shelters: number }> {
  const cols = shelters.columns.map((c) => c.name);
  const rows = await all<Record<string, unknown>>(
    conn,
    `SELECT ${cols.map((c) => (networkColumns.has(c) ? `COALESCE(s.${q(c)}, n.${q(c)}) AS ${q(c)}` : `s.${q(c)}`)).join(", ")}
     FROM shelters AS s LEFT JOIN networks AS n USING (network_code) ORDER BY s.shelter_code`,
  );
  const text = toCsvText(cols, rows.map((r) => cols.map((c) => r[c] as CsvValue)));
  try {
    writeFileSync(file, text, "utf8");
  } catch (error) {
    const reason = pathReason(error, true);
    throw reason ? new RegistryFileError(file, reason) : error;
  }
  return { shelters: rows.length };
}
