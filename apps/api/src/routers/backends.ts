// The modules the routers call that other parts of the API own: the indicator service, the
// ingester and the catalogue. Their signatures are fixed in docs/TEAM_BRIEF.md ("Interfaces");
// they are loaded on first use so the router (and the `AppRouter` type) never depends on the
// order in which those parts land.
import type { DuckDBConnection } from "@duckdb/node-api";
import { TRPCError } from "@trpc/server";
import type { IndicatorInfo, IndicatorQuery, IndicatorResult, IngestReport } from "@refugio/schemas";
import * as metrics from "@refugio/metrics";
import type { Audience, Scope } from "../auth/scope";

export type ComputeIndicators = (
  conn: DuckDBConnection,
  query: IndicatorQuery,
  opts: { scope: Scope; audience: Audience; k: number },
) => Promise<IndicatorResult[]>;

export type IngestBatches = (
  conn: DuckDBConnection,
  sources: string[],
  opts: { loadedBy: string; dryRun?: boolean },
) => Promise<IngestReport>;

const load = (relative: string) => import(/* @vite-ignore */ new URL(relative, import.meta.url).href) as Promise<Record<string, unknown>>;

let computeFn: ComputeIndicators | undefined;
export async function computeIndicators(...args: Parameters<ComputeIndicators>): Promise<IndicatorResult[]> {
  computeFn ??= (await load("../indicators/service.ts")).computeIndicators as ComputeIndicators;
  try {
    return await computeFn(...args);
  } catch (error) {
    // Unknown indicator, a dimension the indicator does not allow…: the caller's to fix.
    if (error instanceof Error && error.name === "IndicatorQueryError") {
      throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
    }
    throw error;
  }
}

let ingestFn: IngestBatches | undefined;
export async function ingestBatches(...args: Parameters<IngestBatches>): Promise<IngestReport> {
  ingestFn ??= (await load("../ingest/index.ts")).ingestBatches as IngestBatches;
  return ingestFn(...args);
}

interface CatalogueModule {
  catalogue?: unknown[];
  indicatorInfo?: (def: unknown) => IndicatorInfo;
}

/** The catalogue's public description of every indicator (no SQL). */
export function indicatorInfos(): IndicatorInfo[] {
  const m = metrics as unknown as CatalogueModule;
  if (!m.catalogue || !m.indicatorInfo) return [];
  const info = m.indicatorInfo;
  return m.catalogue.map((d) => info(d));
}

export function indicatorInfoByCode(code: string): IndicatorInfo | undefined {
  return indicatorInfos().find((i) => i.code === code);
}
