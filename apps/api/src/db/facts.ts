// Per-stay facts derived once at load time (inside the load transaction), so indicator queries
// read one narrow table instead of re-joining assessments and follow-ups on every request.
import type { DuckDBConnection } from "@duckdb/node-api";

/**
 * Rebuild the derived rows of the given shelters (or of all shelters) from the stored contract
 * tables. Called by the ingester inside its transaction, after the batch's rows are written.
 */
export async function refreshStayFacts(conn: DuckDBConnection, shelterCodes: string[] | "all"): Promise<void> {
  void conn;
  void shelterCodes;
  // Filled in by the indicators work (stay_facts table: see docs/TEAM_BRIEF.md "Interfaces").
}
