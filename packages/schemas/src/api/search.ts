// The dashboard's filters as they live in the address bar (?network=pe-aurora&from=2019…).
// One schema validates every page's search params: a value that does not fit (typed by hand, or
// from an old link) falls back to the page's default instead of reaching a query or crashing.
import { z } from "zod";

/** A registry code as a filter value: the same characters the API accepts. */
const code = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/);

/** The first and last year a period filter accepts (the data start in 2000; no far future). */
export const searchYearMin = 2000;
export const searchYearMax = 2100;

const year = z
  .string()
  .regex(/^\d{4}$/)
  .refine((y) => Number(y) >= searchYearMin && Number(y) <= searchYearMax);

/** Each field falls back to "not set" (the page's default) when its value is invalid. */
const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const dashboardSearchSchema = z.object({
  network: loose(code),
  region: loose(code),
  model: loose(code),
  /** Whole years, as the period filter writes them (?from=2019&to=2024). */
  from: loose(year),
  to: loose(year),
  grain: loose(z.enum(["year", "quarter", "month"])),
  indicator: loose(code),
  shelter: loose(code),
  /** Compare: the units compared. */
  by: loose(z.enum(["shelter", "region"])),
  /** Compare: funnel limits. */
  method: loose(z.enum(["exact", "normal"])),
  /** Compare: case-mix adjustment on ("1"). */
  adjust: loose(z.enum(["1"])),
  /**
   * Compare: shelters of every model ranked together ("1"), an explicit choice only; without it
   * the page compares within one model (like with like).
   */
  pooled: loose(z.enum(["1"])),
  /** Benchmark: the peer group. */
  peers: loose(code),
  /** Trends: one small chart per network, region or model. */
  split: loose(z.enum(["network", "region", "model"])),
  /** Report: whole years as one field (?period=2024 or 2023-2024); the page checks the range and says why. */
  period: loose(z.string().regex(/^\d{4}(-\d{4})?$/)),
});
export type DashboardSearch = z.infer<typeof dashboardSearchSchema>;
export type DashboardSearchKey = keyof DashboardSearch;

/**
 * Filters that mean the same on every page: links between pages keep them, so a director who
 * chose a network and a period sees the same slice on the next page.
 */
export const sharedSearchKeys = ["network", "region", "model", "from", "to", "indicator"] as const satisfies readonly DashboardSearchKey[];

/** Any search object (parsed from the URL or not) as the valid filters; never throws. */
export function parseDashboardSearch(raw: unknown): DashboardSearch {
  const input = typeof raw === "object" && raw !== null ? raw : {};
  // Numbers (a year parsed as JSON by a caller) are read as the text they were written as.
  const strings = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, typeof v === "number" ? String(v) : v]));
  const parsed = dashboardSearchSchema.safeParse(strings);
  return parsed.success ? dropUnset(parsed.data) : {};
}

/** The shared filters of a search, for a link to another page. */
export function sharedSearch(search: DashboardSearch): DashboardSearch {
  const out: DashboardSearch = {};
  for (const key of sharedSearchKeys) {
    const value = search[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function dropUnset(search: DashboardSearch): DashboardSearch {
  return Object.fromEntries(Object.entries(search).filter(([, v]) => v !== undefined)) as DashboardSearch;
}
