import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../lib/trpc";

/** The indicators the overview headlines, in display order (labels come from the catalogue). */
export const headlineIndicators = [
  "women_served",
  "children_served",
  "companions_served",
  "completed_stays",
  "followup_coverage_6m",
  "self_esteem_improved",
  "school_continuity",
] as const;

/** Totals of the caller's scope: the server narrows to the user's network or shelter. */
export function useOverview(filters: { from?: string; to?: string; network?: string }) {
  return useQuery(trpc.indicators.values.queryOptions({ indicators: [...headlineIndicators], ...filters }));
}

/** The same headline indicators by region, each compared with the scope's total (the area profile). */
export function useRegionProfile(filters: { from?: string; to?: string; network?: string }) {
  return useQuery(trpc.indicators.values.queryOptions({ indicators: [...headlineIndicators], by: ["region"], ...filters }));
}

/** The headline totals of the previous period (null: no previous period to compare with). */
export function usePreviousOverview(filters: { from: string; to: string; network?: string } | null) {
  return useQuery({ ...trpc.indicators.values.queryOptions({ indicators: [...headlineIndicators], ...(filters ?? {}) }), enabled: filters !== null });
}
