// The status a recommendation shows in the list: its latest national update when there is one
// (the evaluation's recommendations are national commitments), else its most recent update at
// any level, else "not started".
export type RecommendationStatus = "not_started" | "in_progress" | "done" | "blocked";

export interface StatusRow {
  scope: string;
  status: string;
  updated_on: string;
  recorded_at: string;
}

const known: readonly RecommendationStatus[] = ["not_started", "in_progress", "done", "blocked"];

export function asStatus(value: string): RecommendationStatus {
  return known.find((s) => s === value) ?? "not_started";
}

export function currentStatus<T extends StatusRow>(rows: readonly T[]): { status: RecommendationStatus; row: T | null } {
  const newest = (list: readonly T[]) =>
    [...list].sort((a, b) => (b.updated_on + b.recorded_at).localeCompare(a.updated_on + a.recorded_at))[0] ?? null;
  const row = newest(rows.filter((r) => r.scope === "national")) ?? newest(rows);
  return { status: row ? asStatus(row.status) : "not_started", row };
}

/** Share of recommendations whose current status is "done". */
export function progress(statuses: readonly RecommendationStatus[]): { done: number; total: number } {
  return { done: statuses.filter((s) => s === "done").length, total: statuses.length };
}
