// Writes a checked batch with replace semantics (exports are snapshots):
//  - a stay in the batch replaces that stay's rows in stays, children, assessments and followups;
//  - other children/assessments/followups rows replace stored rows with the same natural key;
//  - service_surveys, compliance_checks and referrals_not_admitted replace the shelter's rows dated
//    within the manifest period, coordinator_surveys those of the period's years (plus any row
//    with the same key).
// Runs inside the caller's transaction. After a direct load the batch's rows are already in the
// tables: only rows below the batch's first rowid (stored before the call, or written by earlier
// batches of the call) are replaced, and nothing is inserted.
import type { DuckDBConnection } from "@duckdb/node-api";
import { batchTables, type Manifest } from "@refugio/schemas";
import { storedColumns, storedKey } from "../db/ddl";
import { all, run } from "../db/query";
import type { TypedFile } from "./typed";
import { bind, q } from "./sql";

/** Table names of the load log's counts are checked against these before they reach SQL text. */
const batchTableNames = new Set<string>(batchTables.map((t) => t.name));

export interface TableCounts {
  read: number;
  inserted: number;
  replaced: number;
}

const STAY_TABLES = ["stays", "children", "assessments", "followups"] as const;

/**
 * A batch whose content was loaded before is `unchanged` only while every row it wrote is still
 * stored: exports are snapshots, so an earlier batch sent again after a correction replaced some
 * of its rows is loaded again (and replaces the correction). Each load keeps its own line in the
 * load log, so a batch loaded again gets a numbered id.
 */
export async function priorLoad(conn: DuckDBConnection, shelter: string, contentHash: string): Promise<{ unchanged: boolean; batchId: string }> {
  const base = `${shelter}:${contentHash.slice(0, 16)}`;
  const loads = await all<{ batch_id: string; counts: string }>(
    conn,
    `SELECT batch_id, CAST(counts AS VARCHAR) AS counts FROM load_log WHERE content_hash = $h AND shelter_code = $s ORDER BY loaded_at DESC, batch_id DESC`,
    { h: contentHash, s: shelter },
  );
  const latest = loads[0];
  if (!latest) return { unchanged: false, batchId: base };
  const written = Object.entries(JSON.parse(latest.counts) as Record<string, TableCounts>).filter(([t, c]) => batchTableNames.has(t) && c.inserted > 0);
  const stored =
    written.length === 0
      ? []
      : await all<{ t: string; n: number }>(conn, written.map(([t]) => `SELECT '${t}' AS t, CAST(count(*) AS INTEGER) AS n FROM ${q(t)} WHERE batch_id = $b`).join(" UNION ALL "), { b: latest.batch_id });
  const still = new Map(stored.map((r) => [r.t, r.n]));
  if (written.every(([t, c]) => still.get(t) === c.inserted)) return { unchanged: true, batchId: latest.batch_id };
  return { unchanged: false, batchId: `${base}:${loads.length + 1}` };
}

async function changed(conn: DuckDBConnection, sql: string, params: Record<string, string>): Promise<number> {
  const r = await conn.run(sql, bind(sql, params));
  return Number(r.rowsChanged);
}

const periodFilter: Record<string, string> = {
  service_surveys: `answered_on BETWEEN CAST($period_start AS DATE) AND CAST($period_end AS DATE)`,
  compliance_checks: `assessed_on BETWEEN CAST($period_start AS DATE) AND CAST($period_end AS DATE)`,
  coordinator_surveys: `"year" BETWEEN year(CAST($period_start AS DATE)) AND year(CAST($period_end AS DATE))`,
  // Contract v1.1: the batch's file is the period's whole list of turn-aways (empty = none).
  referrals_not_admitted: `referral_date BETWEEN CAST($period_start AS DATE) AND CAST($period_end AS DATE)`,
};

export async function writeBatch(
  conn: DuckDBConnection,
  files: Map<string, TypedFile>,
  manifest: Manifest,
  meta: {
    batchId: string;
    loadedBy: string;
    /** When the network received the batch (ISO timestamp); default now. */
    loadedAt?: string;
    contentHash: string;
    onTable?: (table: string, done: number, total: number) => void;
    /** Direct load: per table, the first rowid of this batch or a later one of the call (absent: none). */
    loadedFrom?: Map<string, bigint>;
  },
): Promise<{ counts: Record<string, TableCounts>; replacedStays: number }> {
  const counts: Record<string, TableCounts> = {};
  const entry = (t: string) => (counts[t] ??= { read: 0, inserted: 0, replaced: 0 });
  const shelter = { shelter: manifest.shelter_code };
  let replacedStays = 0;
  const direct = meta.loadedFrom !== undefined;
  // Rows this batch may replace (rowids are our integers, not input).
  const older = (t: string, alias = "") => {
    const from = meta.loadedFrom?.get(t);
    return from === undefined ? "" : ` AND ${alias}rowid < ${from}`;
  };
  // A shelter's first load has nothing to replace: skip the deletes (each joins the whole batch).
  const replaceable = new Map<string, boolean>();
  const hasOlder = async (t: string) => {
    let known = replaceable.get(t);
    if (known === undefined) {
      known = (await all(conn, `SELECT 1 FROM ${q(t)} WHERE shelter_code = $shelter${older(t)} LIMIT 1`, shelter)).length > 0;
      replaceable.set(t, known);
    }
    return known;
  };

  const stays = files.get("stays");
  if (stays) {
    const batchStays = `SELECT stay_id FROM ${q(stays.typedTable)}`;
    if (await hasOlder("stays")) {
      replacedStays =
        (await all<{ n: number }>(conn, `SELECT count(*) AS n FROM stays WHERE shelter_code = $shelter AND stay_id IN (${batchStays})${older("stays")}`, shelter))[0]?.n ?? 0;
    }
    for (const t of STAY_TABLES) {
      if (!(await hasOlder(t))) continue;
      const n = await changed(conn, `DELETE FROM ${q(t)} WHERE shelter_code = $shelter AND stay_id IN (${batchStays})${older(t)}`, shelter);
      if (n > 0) entry(t).replaced += n;
    }
  }

  for (const [i, [name, f]] of [...files].entries()) {
    meta.onTable?.(name, i, files.size);
    const c = entry(name);
    c.read += f.rows;
    const target = q(name);
    if (name !== "stays" && (await hasOlder(name))) {
      const filter = periodFilter[name];
      if (filter) {
        c.replaced += await changed(conn, `DELETE FROM ${target} WHERE shelter_code = $shelter AND ${filter}${older(name)}`, {
          ...shelter,
          period_start: manifest.period_start,
          period_end: manifest.period_end,
        });
      }
      const key = storedKey(f.table).map(q);
      c.replaced += await changed(
        conn,
        `DELETE FROM ${target} AS d USING ${q(f.typedTable)} AS x WHERE d.shelter_code = $shelter AND ${key.map((k) => `d.${k} = x.${k}`).join(" AND ")}${older(name, "d.")}`,
        shelter,
      );
    }
    if (direct) {
      c.inserted += f.rows;
      continue;
    }
    const cols = storedColumns(f.table).map((col) => q(col.name));
    c.inserted += await changed(
      conn,
      `INSERT INTO ${target} (${cols.join(", ")}, batch_id) SELECT ${cols.join(", ")}, CAST($batch AS VARCHAR) FROM ${q(f.typedTable)}`,
      { batch: meta.batchId },
    );
  }

  await run(
    conn,
    `INSERT INTO load_log (batch_id, shelter_code, loaded_by, loaded_at, content_hash, contract_version, exported_on, period_start, period_end, counts, replaced_stays)
     VALUES ($batch, $shelter, $by, CAST($at AS TIMESTAMP), $hash, $version, CAST($exported AS DATE), CAST($ps AS DATE), CAST($pe AS DATE), CAST($counts AS JSON), $replaced)`,
    {
      batch: meta.batchId,
      shelter: manifest.shelter_code,
      by: meta.loadedBy,
      at: (meta.loadedAt ?? new Date().toISOString()).replace("T", " ").replace("Z", ""),
      hash: meta.contentHash,
      version: manifest.contract_version,
      exported: manifest.exported_on,
      ps: manifest.period_start,
      pe: manifest.period_end,
      counts: JSON.stringify(counts),
      replaced: replacedStays,
    },
  );
  return { counts, replacedStays };
}
