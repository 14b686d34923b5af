// The report's period in its URL: ?period=2024 (one year) or ?period=2023-2024 (whole years),
// checked as the year fields are (2000 to this year), so a printed report never covers a year
// that has not happened.
import { periodProblem } from "../../components/PeriodFilter";

export interface ReportPeriod {
  from?: string;
  to?: string;
  /** As the reader sees it: "2024", "2023–2024", or null for all the data. */
  label: string | null;
}

export function parseReportPeriod(value: string | null): ReportPeriod | "invalid" {
  if (!value) return { label: null };
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(value.trim());
  if (!m?.[1]) return "invalid";
  const from = m[1];
  const to = m[2] ?? m[1];
  if (periodProblem(from, to)) return "invalid";
  return { from: `${from}-01-01`, to: `${to}-12-31`, label: from === to ? from : `${from}–${to}` };
}
