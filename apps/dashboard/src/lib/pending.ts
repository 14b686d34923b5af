// Procedures the dashboard uses before they appear in AppRouter. At run time the options proxy
// builds any path; only the types are declared here, from the shared input schemas and the shapes
// the API team announced. Each entry is deleted as soon as the real procedure lands in AppRouter,
// and pages then call `trpc.<path>` directly. A missing procedure answers NOT_FOUND, which pages
// show as "not available yet" (see QueryState).
import type { QueryKey, UseQueryOptions } from "@tanstack/react-query";
import type { IndicatorInfo, IndicatorQuery, IndicatorResult } from "@refugio/schemas";
import { trpc } from "./trpc";

interface PendingQuery<I, O> {
  queryOptions(input: I, opts?: { enabled?: boolean }): UseQueryOptions<O, Error, O, QueryKey>;
  pathFilter(): { queryKey: QueryKey };
}


export interface ShelterInfo {
  shelter_code: string;
  shelter_name?: string | null;
  network_code: string;
  region_code?: string | null;
  country?: string | null;
  model?: string | null;
}

export interface PendingProcedures {
  catalogue: {
    indicators: PendingQuery<void, IndicatorInfo[]>;
    shelters: PendingQuery<{ network?: string; region?: string } | void, ShelterInfo[]>;
  };
  indicators: {
    values: PendingQuery<IndicatorQuery, IndicatorResult[]>;
  };
}

export const pending = trpc as unknown as PendingProcedures;
