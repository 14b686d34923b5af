// Submission status on a hand-built load history: every state, the days late, the batch ids.
import { describe, expect, it } from "vitest";
import { medianDaysLate, periodOf, periodStatus, periodsBetween, recentPeriods, type Calendar, type LoadRecord } from "./status";

const quarterly: Calendar = { period: "quarterly", dueDays: 30 };
const all = ["stays", "children", "assessments", "followups"];
const load = (batch_id: string, shelter: string, period_end: string, loaded_at: string, tables = all): LoadRecord => ({
  batch_id,
  shelter_code: shelter,
  loaded_at,
  period_start: "2020-01-01",
  period_end,
  exported_on: period_end,
  tables,
});

// Q2 2026 ends 2026-06-30, due 2026-07-30; Q3 ends 2026-09-30, due 2026-10-30.
const history: LoadRecord[] = [
  load("A1", "A", "2026-06-30", "2026-07-10 09:00:00"), // on time
  load("B1", "B", "2026-06-30", "2026-08-14 12:00:00"), // 15 days late
  load("C1", "C", "2026-06-30", "2026-07-01 08:00:00", ["stays", "children"]), // no assessments, followups
  load("D1", "D", "2026-06-30", "2026-07-05 08:00:00"),
  load("D2", "D", "2026-06-30", "2026-07-20 08:00:00"), // D1 sent again, corrected
  load("A2", "A", "2026-09-30", "2026-10-02 08:00:00"),
];
const q2 = periodOf("2026-05-15", "quarterly");
const q3 = periodOf("2026-08-01", "quarterly");
const q4 = periodOf("2026-12-01", "quarterly");
const asOf = "2026-12-07";

describe("reporting periods", () => {
  it("names quarters and months and lists them in order", () => {
    expect(q2).toEqual({ label: "2026-Q2", start: "2026-04-01", end: "2026-06-30" });
    expect(periodOf("2024-02-10", "monthly")).toEqual({ label: "2024-02", start: "2024-02-01", end: "2024-02-29" });
    expect(periodsBetween("2025-11-15", "2026-02-01", "monthly").map((p) => p.label)).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(recentPeriods(asOf, "quarterly", 4).map((p) => p.label)).toEqual(["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
  });
});

describe("periodStatus", () => {
  it("on time: loaded by the due date", () => {
    const s = periodStatus("A", q2, history, quarterly, asOf);
    expect(s).toMatchObject({ status: "on_time", days_late: 0, due_on: "2026-07-30", received_on: "2026-07-10", batch_id: "A1", batch_ids: ["A1"], superseded_batch_ids: [], missing_tables: [] });
  });
  it("late, with the days after the due date", () => {
    expect(periodStatus("B", q2, history, quarterly, asOf)).toMatchObject({ status: "late", days_late: 15, batch_id: "B1" });
  });
  it("partial: a required table absent from the standing batch", () => {
    expect(periodStatus("C", q2, history, quarterly, asOf)).toMatchObject({ status: "partial", days_late: 0, missing_tables: ["assessments", "followups"] });
  });
  it("superseded: a newer batch of the same period replaced the first", () => {
    expect(periodStatus("D", q2, history, quarterly, asOf)).toMatchObject({ status: "superseded", batch_id: "D2", batch_ids: ["D1", "D2"], superseded_batch_ids: ["D1"], received_on: "2026-07-05" });
  });
  it("missing once the due date passed with nothing received; pending before", () => {
    expect(periodStatus("B", q3, history, quarterly, asOf)).toMatchObject({ status: "missing", days_late: null, batch_ids: [] });
    expect(periodStatus("B", q3, history, quarterly, "2026-10-15")).toMatchObject({ status: "pending" });
    expect(periodStatus("A", q4, history, quarterly, asOf).status).toBe("pending");
  });
  it("attributes a batch by its period_end: a snapshot for Q3 does not count for Q2", () => {
    expect(periodStatus("A", q3, history, quarterly, asOf)).toMatchObject({ status: "on_time", batch_id: "A2" });
    expect(periodStatus("A", q2, history, quarterly, asOf).batch_ids).toEqual(["A1"]);
  });
  it("monthly calendars: a quarterly snapshot leaves the other months missing", () => {
    const monthly: Calendar = { period: "monthly", dueDays: 10 };
    const months = periodsBetween("2026-04-01", "2026-06-30", "monthly").map((m) => periodStatus("A", m, history, monthly, asOf).status);
    expect(months).toEqual(["missing", "missing", "on_time"]);
  });
  it("median days late over received, due periods", () => {
    const statuses = [q2, q3].flatMap((p) => ["A", "B"].map((s) => periodStatus(s, p, history, quarterly, asOf)));
    expect(medianDaysLate(statuses.filter((s) => s.shelter_code === "B"), asOf)).toBe(15);
    expect(medianDaysLate(statuses.filter((s) => s.shelter_code === "A"), asOf)).toBe(0);
    expect(medianDaysLate([], asOf)).toBeNull();
  });
});
