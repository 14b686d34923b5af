// The demo's submission history and its planted data-quality problems, so the Data quality page
// and `refugio quality` have something true to show:
//  - every network reports quarterly (due 30, 15 and 20 days after the quarter);
//  - for the last four quarters whose due date has passed, each shelter sent a
//    quarterly batch (its stays admitted and closed in the quarter), most on time, two late
//    (the last quarter), one never sent the last quarter;
//  - one shelter's follow-up table is half empty: two of its four key fields (mode,
//    life_plan_progress, which no indicator reads, so every figure stays as it was) are blank;
//  - one shelter has an implausible month: its stays admitted that month sent twice more under
//    new stay ids (duplicated records; the same women, so the count of women is unchanged).
// The quarterly batches are loaded before each shelter's full export, which replaces their rows:
// the stored rows, and so every other demo figure, are those of the full exports.
import { createHash } from "node:crypto";
import type { BatchTableName } from "@refugio/schemas";
import { periodOf, recentPeriods, type PeriodSpan } from "../quality/status";
import type { Row } from "./csv";
import { dayOf, isoOf } from "./dates";
import type { NetworkCode } from "./networks";
import type { DemoData } from "./generate";

export const DEMO_DUE_DAYS: Record<NetworkCode, number> = { "pe-aurora": 30, "co-bogota": 15, "mx-refugios": 20 };

/** The planted problems (shelter codes of the demo). */
export const DEMO_QUALITY = {
  /** Sent the last history quarter late, by this many days after the due date. */
  late: { "hrt-04": 12, "cr-bog-2": 25 } as Record<string, number>,
  /** Never sent the last history quarter. */
  missingLast: "hrt-07",
  /** Follow-up table with half its key optional fields blank. */
  halfEmptyFollowups: "mx-ref-02",
  /** One month whose admissions are tripled by duplicated records. */
  implausibleMonth: "mx-ref-07",
} as const;

/** Quarters of history: the last four whose due date is before `today`. */
export function historyQuarters(today: string, dueDays: number): PeriodSpan[] {
  return recentPeriods(today, "quarterly", 8)
    .filter((q) => dayOf(q.end) + dueDays < dayOf(today))
    .slice(-4);
}

/** The month whose admissions are implausible: three months before today's month. */
export function implausibleMonth(today: string): PeriodSpan {
  let m = periodOf(today, "monthly");
  for (let i = 0; i < 3; i++) m = periodOf(isoOf(dayOf(m.start) - 1), "monthly");
  return m;
}

/** Plants the follow-up gaps and the implausible month in the generated data (before writing). */
export function plantQualityProblems(data: DemoData): void {
  const half = data.shelters.find((s) => s.spec.code === DEMO_QUALITY.halfEmptyFollowups);
  for (const f of half?.tables.followups ?? []) {
    f.mode = null;
    f.life_plan_progress = null;
  }
  const odd = data.shelters.find((s) => s.spec.code === DEMO_QUALITY.implausibleMonth);
  if (!odd) return;
  const month = implausibleMonth(data.today);
  const stays = odd.tables.stays;
  const inMonth = stays.filter((s) => String(s.admission_date) >= month.start && String(s.admission_date) <= month.end);
  // The copies come without their children's rows, so they state none (children_in_stay 0).
  // New ids in the demo's key format (E + 11 hex), derived from the original's.
  const copyId = (id: string, copy: number) => `E${createHash("sha256").update(`${id}/copy-${copy}`).digest("hex").slice(0, 11)}`;
  for (const copy of [1, 2]) for (const s of inMonth) stays.push({ ...s, stay_id: copyId(String(s.stay_id), copy), children_in_stay: 0 });
  stays.sort((a, b) => String(a.admission_date).localeCompare(String(b.admission_date)));
}

export interface HistoryBatch {
  shelter_code: string;
  quarter: PeriodSpan;
  exported_on: string;
  /** When the network loaded it (ISO timestamp). */
  loaded_at: string;
  tables: Partial<Record<BatchTableName, Row[]>>;
}

/** Deterministic 0…n-1 from a text (spreads the on-time loads over the days before the due date). */
function spread(text: string, n: number): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % n;
}

/** Each shelter's quarterly batches of the history (none for the missing one's last quarter). */
export function submissionHistory(data: DemoData): HistoryBatch[] {
  const out: HistoryBatch[] = [];
  for (const sd of data.shelters) {
    const due = DEMO_DUE_DAYS[sd.network.code];
    const quarters = historyQuarters(data.today, due);
    quarters.forEach((q, i) => {
      const last = i === quarters.length - 1;
      if (last && sd.spec.code === DEMO_QUALITY.missingLast) return;
      if (q.end < sd.periodStart) return;
      const dueDay = dayOf(q.end) + due;
      const late = last ? DEMO_QUALITY.late[sd.spec.code] : undefined;
      // A late batch came `late` days after the due date, or today if that is still to come.
      const day = late !== undefined ? Math.min(dueDay + late, dayOf(data.today)) : dueDay - 1 - spread(`${sd.spec.code}/${q.label}`, Math.min(20, due - 1));
      const exported = isoOf(day - 1);
      // Stays admitted and closed within the quarter, with their children and assessments.
      const stays = sd.tables.stays.filter((s) => String(s.admission_date) >= q.start && s.exit_date !== null && String(s.exit_date) <= q.end);
      const ids = new Set(stays.map((s) => String(s.stay_id)));
      out.push({
        shelter_code: sd.spec.code,
        quarter: q,
        exported_on: exported,
        loaded_at: `${isoOf(day)} 10:00:00`,
        tables: {
          stays,
          children: sd.tables.children.filter((c) => ids.has(String(c.stay_id))),
          assessments: sd.tables.assessments.filter((a) => ids.has(String(a.stay_id)) && String(a.assessed_on) <= exported),
          followups: sd.tables.followups.filter((f) => ids.has(String(f.stay_id)) && String(f.contact_date) <= exported),
        },
      });
    });
  }
  return out;
}
