// The modules the routers call that other parts of the API own: the indicator service, the
// ingester and the catalogue (signatures fixed in docs/TEAM_BRIEF.md, "Interfaces"). Wrapped
// here so indicator query errors become BAD_REQUEST and the catalogue is described once.
import type { DuckDBConnection } from "@duckdb/node-api";
import { TRPCError } from "@trpc/server";
import { catalogue, indicatorInfo, IndicatorQueryError } from "@refugio/metrics";
import type { IndicatorInfo, IndicatorQuery, IndicatorResult, IngestReport } from "@refugio/schemas";
import type { Audience, Scope } from "../auth/scope";
import { computeAdjusted as adjust, computeIndicators as compute, type AdjustedTable } from "../indicators/service";
import { ingestBatches as ingest, type IngestOptions } from "../ingest/index";

export async function computeIndicators(
  conn: DuckDBConnection,
  query: IndicatorQuery,
  opts: { scope: Scope; audience: Audience; k: number; lowCoverage?: number },
): Promise<IndicatorResult[]> {
  try {
    return await compute(conn, query, opts);
  } catch (error) {
    // Unknown indicator, a dimension the indicator does not allow…: the caller's to fix.
    if (error instanceof IndicatorQueryError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
    throw error;
  }
}

/** Crude and case-mix-adjusted figures of one indicator by unit; query errors as BAD_REQUEST. */
export async function computeAdjusted(
  conn: DuckDBConnection,
  query: IndicatorQuery,
  unit: "shelter" | "region",
  opts: { scope: Scope; audience: Audience; k: number; lowCoverage?: number },
): Promise<AdjustedTable> {
  try {
    return await adjust(conn, query, unit, opts);
  } catch (error) {
    if (error instanceof IndicatorQueryError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
    throw error;
  }
}

export function ingestBatches(conn: DuckDBConnection, sources: string[], opts: Pick<IngestOptions, "loadedBy" | "dryRun" | "authorize">): Promise<IngestReport> {
  return ingest(conn, sources, opts);
}

let infos: IndicatorInfo[] | undefined;
/** The catalogue's public description of every indicator (no SQL). */
export function indicatorInfos(): IndicatorInfo[] {
  infos ??= catalogue.map((d) => indicatorInfo(d));
  return infos;
}

export function indicatorInfoByCode(code: string): IndicatorInfo | undefined {
  return indicatorInfos().find((i) => i.code === code);
}
