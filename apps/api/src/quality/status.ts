// Submission status of a shelter for a reporting period, from its load history (pure: no SQL).
//
// A batch is attributed to the period its manifest's period_end (else exported_on) falls in: an
// export is a snapshot cut at period_end, made for that period's submission. The first batch of
// a period is its receipt (on time when loaded by the due date); a later one supersedes it.
// Dates are ISO strings (YYYY-MM-DD) in UTC; arithmetic is done in whole UTC days.

export type ReportingPeriod = "monthly" | "quarterly";

export interface Calendar {
  period: ReportingPeriod;
  /** Days after the period's last day by which the batch is due. */
  dueDays: number;
}

export interface PeriodSpan {
  /** "2026-Q3" or "2026-09". */
  label: string;
  start: string;
  end: string;
}

/** One line of the load log, as the status logic needs it. */
export interface LoadRecord {
  batch_id: string;
  shelter_code: string;
  /** When the network loaded it (ISO timestamp or date). */
  loaded_at: string;
  period_start: string | null;
  period_end: string | null;
  exported_on: string | null;
  /** Tables the batch held (its files), whatever their row counts. */
  tables: readonly string[];
}

export const submissionStatuses = ["on_time", "late", "partial", "superseded", "missing", "pending"] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

/** Tables every export must hold: a batch without one of them is `partial`. */
export const REQUIRED_TABLES = ["stays", "assessments", "followups"] as const;

export interface PeriodStatus {
  shelter_code: string;
  period: string;
  period_start: string;
  period_end: string;
  due_on: string;
  status: SubmissionStatus;
  /** Days after the due date the first batch came (0 when on time); null when nothing came. */
  days_late: number | null;
  /** Date of the first batch of the period. */
  received_on: string | null;
  /** The batch whose data stands for the period (the latest loaded). */
  batch_id: string | null;
  /** Every batch of the period, oldest load first. */
  batch_ids: string[];
  /** Batches a newer one of the same period replaced. */
  superseded_batch_ids: string[];
  /** Required tables the standing batch lacks. */
  missing_tables: string[];
}

const DAY = 86_400_000;
const dayNumber = (iso: string): number => Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY);
const isoOfDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, "0");
/** Last day of a month (month 1–12). */
const monthEnd = (year: number, month: number): string => isoOfDay(dayNumber(`${year}-${pad(month)}-01`) + new Date(Date.UTC(year, month, 0)).getUTCDate() - 1);

/** The reporting period a date falls in. */
export function periodOf(date: string, period: ReportingPeriod): PeriodSpan {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (period === "monthly") return { label: `${year}-${pad(month)}`, start: `${year}-${pad(month)}-01`, end: monthEnd(year, month) };
  const q = Math.floor((month - 1) / 3);
  return { label: `${year}-Q${q + 1}`, start: `${year}-${pad(q * 3 + 1)}-01`, end: monthEnd(year, q * 3 + 3) };
}

/** The period right after one. */
export function nextPeriod(span: PeriodSpan, period: ReportingPeriod): PeriodSpan {
  return periodOf(isoOfDay(dayNumber(span.end) + 1), period);
}

/** Periods overlapping [from, to], oldest first. */
export function periodsBetween(from: string, to: string, period: ReportingPeriod): PeriodSpan[] {
  const out: PeriodSpan[] = [];
  for (let p = periodOf(from, period); p.start <= to; p = nextPeriod(p, period)) out.push(p);
  return out;
}

/** The last `count` periods that ended on or before `asOf`, plus the one `asOf` is in. */
export function recentPeriods(asOf: string, period: ReportingPeriod, count: number): PeriodSpan[] {
  const current = periodOf(asOf, period);
  const out: PeriodSpan[] = [current];
  let p = current;
  while (out.length <= count) {
    p = periodOf(isoOfDay(dayNumber(p.start) - 1), period);
    out.unshift(p);
  }
  return out;
}

export function dueOn(span: PeriodSpan, calendar: Calendar): string {
  return isoOfDay(dayNumber(span.end) + calendar.dueDays);
}

/** The date a batch is attributed by: its period_end, else its export date, else its load date. */
export function cutOf(load: LoadRecord): string {
  return (load.period_end ?? load.exported_on ?? load.loaded_at).slice(0, 10);
}

/** Status of one shelter for one period, from the shelter's loads (any order). */
export function periodStatus(shelter: string, span: PeriodSpan, loads: readonly LoadRecord[], calendar: Calendar, asOf: string): PeriodStatus {
  const due = dueOn(span, calendar);
  const mine = loads
    .filter((l) => l.shelter_code === shelter && cutOf(l) >= span.start && cutOf(l) <= span.end)
    .sort((a, b) => (a.loaded_at < b.loaded_at ? -1 : a.loaded_at > b.loaded_at ? 1 : a.batch_id < b.batch_id ? -1 : 1));
  const base = { shelter_code: shelter, period: span.label, period_start: span.start, period_end: span.end, due_on: due };
  const first = mine[0];
  const standing = mine[mine.length - 1];
  if (!first || !standing) {
    return { ...base, status: asOf > due ? "missing" : "pending", days_late: null, received_on: null, batch_id: null, batch_ids: [], superseded_batch_ids: [], missing_tables: [] };
  }
  const receivedOn = first.loaded_at.slice(0, 10);
  const daysLate = Math.max(0, dayNumber(receivedOn) - dayNumber(due));
  const missingTables = REQUIRED_TABLES.filter((t) => !standing.tables.includes(t));
  const superseded = mine.slice(0, -1).map((l) => l.batch_id);
  const status: SubmissionStatus = missingTables.length > 0 ? "partial" : superseded.length > 0 ? "superseded" : daysLate > 0 ? "late" : "on_time";
  return {
    ...base,
    status,
    days_late: daysLate,
    received_on: receivedOn,
    batch_id: standing.batch_id,
    batch_ids: mine.map((l) => l.batch_id),
    superseded_batch_ids: superseded,
    missing_tables: missingTables,
  };
}

/** Median of the days late of a shelter's received periods that were due by `asOf` (null: none). */
export function medianDaysLate(statuses: readonly PeriodStatus[], asOf: string): number | null {
  const days = statuses
    .filter((s) => s.days_late !== null && s.due_on <= asOf)
    .map((s) => s.days_late ?? 0)
    .sort((a, b) => a - b);
  if (days.length === 0) return null;
  const mid = Math.floor(days.length / 2);
  return days.length % 2 === 1 ? (days[mid] ?? 0) : ((days[mid - 1] ?? 0) + (days[mid] ?? 0)) / 2;
}
