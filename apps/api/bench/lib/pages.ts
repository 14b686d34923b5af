// The dashboard's pages as the harness requests them: each page's data calls with the inputs the
// page sends by default (apps/dashboard/src/routes/*/use*.ts, no period chosen), for a ministry
// user. Catalogue look-ups (indicators, networks, shelters) are cached once per session by the
// dashboard (staleTime: Infinity), so they are not part of a page's time.
export interface PageCall {
  path: string;
  input: unknown;
}

export interface PageDef {
  name: string;
  calls: PageCall[];
}

/** apps/dashboard/src/routes/overview/useOverview.ts: headlineIndicators. */
export const OVERVIEW_INDICATORS = [
  "women_served",
  "children_served",
  "companions_served",
  "completed_stays",
  "followup_coverage_6m",
  "self_esteem_improved",
  "school_continuity",
] as const;

export function pages(firstShelter: string): PageDef[] {
  return [
    { name: "page:overview", calls: [{ path: "indicators.values", input: { indicators: [...OVERVIEW_INDICATORS] } }] },
    // ComparePage: completed_stays by shelter, exact intervals.
    { name: "page:compare", calls: [{ path: "compare.units", input: { indicator: "completed_stays", units: "shelter", method: "exact" } }] },
    // TrendsPage: completed_stays by year.
    { name: "page:trends", calls: [{ path: "indicators.trend", input: { indicators: ["completed_stays"], grain: "year" } }] },
    // BenchmarkPage: the first shelter of catalogue.shelters against its network.
    { name: "page:benchmark", calls: [{ path: "benchmark.shelter", input: { shelter: firstShelter, peers: "network" } }] },
    // Trends with the overlap indicators by month: the heaviest calls a user can make from a page.
    { name: "call:trend-women_served-month", calls: [{ path: "indicators.trend", input: { indicators: ["women_served"], grain: "month" } }] },
    { name: "call:trend-occupancy_rate-month", calls: [{ path: "indicators.trend", input: { indicators: ["occupancy_rate"], grain: "month" } }] },
  ];
}
