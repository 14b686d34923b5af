import { useQuery } from "@tanstack/react-query";
import type { DashboardSearch } from "@refugio/schemas";
import { periodOf } from "../../components/PeriodFilter";
import { queryClient, trpc } from "../../lib/trpc";

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

/** The page's filters from the address (a reversed or out-of-range period is not sent: the filter says why). */
export function overviewFilters(search: DashboardSearch): { from?: string; to?: string; network?: string } {
  return { ...periodOf(search), ...(search.network ? { network: search.network } : {}) };
}

/**
 * Ask for the cards' figures and the catalogue while the app is still asking who is signed in:
 * the page's own queries (same keys) then find them in flight or answered. Otherwise the cards'
 * query waited for auth.me and the first render (sent at 691 ms of the 1,058 ms the cards took,
 * 1 M stays, issue 18). On the 2-core benchmark machine, where the browser and the server share
 * the cores, it made no measurable difference (docs/scaling.md); it saves a round trip and a
 * render wherever they do not. Their input does not depend on who asks (the server narrows to the
 * caller's scope); a visitor who is not signed in gets a 401 that nothing shows (`meta.boot`:
 * not the expired-session signal) and the sign-in page as before.
 */
export function prefetchOverview(search: DashboardSearch): void {
  const meta = { boot: true };
  void queryClient.prefetchQuery({ ...trpc.indicators.values.queryOptions({ indicators: [...headlineIndicators], ...overviewFilters(search) }), meta });
  void queryClient.prefetchQuery({ ...trpc.catalogue.indicators.queryOptions(), staleTime: Infinity, meta });
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
 * once `enabled`, as the region profile: an uncached query of the same size as the cards', it
 * halved the machine the cards' own query had.
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
