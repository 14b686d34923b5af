// `--period` of `refugio report`: one year (2024) or whole years (2023-2024), as the dashboard's
// /report page reads it, within the years a period may name (MIN_PERIOD_YEAR to this year).
import { MIN_PERIOD_YEAR } from "@refugio/schemas";

export function parseReportPeriod(value: string): { from: string; to: string } | null {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(value.trim());
  if (!m?.[1]) return null;
  const a = Number(m[1]);
  const b = Number(m[2] ?? m[1]);
  const max = new Date().getUTCFullYear();
  if (a < MIN_PERIOD_YEAR || b > max || b < a) return null;
  return { from: `${a}-01-01`, to: `${b}-12-31` };
}
