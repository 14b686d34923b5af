// What compiling an indicator query needs to know about the database, read in one statement: five
// separate look-ups of 1–2 ms each were a sixth of a Compare request at 1 M stays once its figures
// came from the cells (issue 18).
import type { DuckDBConnection } from "@duckdb/node-api";
import { CELLS_SIGNATURE, CELLS_SIGNATURE_KEY, STAY_MONTHS_HORIZON_KEY } from "./aggregates";
import { RECORD_KEY_SECRET } from "./facts";
import { one } from "./query";

export interface QueryState {
  /** The stay_facts view exists (a read-only database from before schema version 2 lacks it). */
  stayFacts: boolean;
  /** The per-shelter stay bounds table exists (a database from before, or a lake: read the stays). */
  stayBounds: boolean;
  /** Date through which stay_months holds every stay; null: not derived. */
  stayMonthsUntil: string | null;
  /** The record-key secret; "" before the first load. */
  keySecret: string;
  /** The load-time cells were derived by this build's catalogue. */
  cells: boolean;
}

export async function queryState(conn: DuckDBConnection): Promise<QueryState> {
  const row = await one<{ stay_facts: boolean; stay_bounds: boolean; horizon: string | null; secret: string | null; cells: string | null }>(
    conn,
    `SELECT
      EXISTS (SELECT 1 FROM duckdb_views() WHERE view_name = 'stay_facts' AND NOT internal) AS stay_facts,
      EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'stay_bounds' AND schema_name = 'main') AS stay_bounds,
      (SELECT value FROM meta WHERE key = $horizon) AS horizon,
      (SELECT value FROM meta WHERE key = $secret) AS secret,
      (SELECT value FROM meta WHERE key = $cells) AS cells`,
    { horizon: STAY_MONTHS_HORIZON_KEY, secret: RECORD_KEY_SECRET, cells: CELLS_SIGNATURE_KEY },
  );
  return {
    stayFacts: row?.stay_facts === true,
    stayBounds: row?.stay_bounds === true,
    stayMonthsUntil: row?.horizon ?? null,
    keySecret: row?.secret ?? "",
    cells: row?.cells === CELLS_SIGNATURE,
  };
}
