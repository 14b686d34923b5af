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

/**
 * The same headline indicators by region, each compared with the scope's total (the area profile).
 * Asked once `enabled` (the page passes: the headline figures have arrived), so that on two cores
 * the cards' query does not share the machine with this one and the sparklines' (issue 18).
 */
export function useRegionProfile(filters: { from?: string; to?: string; network?: string }, enabled = true) {
  return useQuery({ ...trpc.indicators.values.queryOptions({ indicators: [...headlineIndicators], by: ["region"], ...filters }), enabled });
}

/**
 * The headline totals of the previous period (null: no previous period to compare with); asked
 * once `enabled`, as the region profile: an uncached query as large as the cards' own, which on
 * two cores would otherwise share the machine with it.
 */
export function usePreviousOverview(filters: { from: string; to: string; network?: string } | null, enabled = true) {
  return useQuery({ ...trpc.indicators.values.queryOptions({ indicators: [...headlineIndicators], ...(filters ?? {}) }), enabled: enabled && filters !== null });
}

/** Years a headline tile's sparkline covers: six, ending with the period's last year. */
export function sparklineYears(to: string | undefined, now = new Date()): { from: string; to: string; years: string[] } {
  const end = to ? Number(to.slice(0, 4)) : now.getUTCFullYear();
  const years = Array.from({ length: 6 }, (_, i) => String(end - 5 + i));
  return { from: `${years[0]}-01-01`, to: `${end}-12-31`, years };
}

/** The headline indicators by year over the sparkline's years (released like every figure); asked once `enabled`, as the region profile. */
export function useSparklines({ from, to }: { from: string; to: string }, network?: string, enabled = true) {
  return useQuery({
    ...trpc.indicators.trend.queryOptions({ indicators: [...headlineIndicators], grain: "year", from, to, ...(network ? { network } : {}) }),
    enabled,
  });
}
