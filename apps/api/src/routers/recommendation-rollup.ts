// A recommendation's status rolled up per level: one region finishing does not make it
// "done" while other regions are blocked. Units of a level are those of the Aurora registry the
// caller may see (plus any unit an update names), and a unit without an update is "not started".
export type RecommendationStatus = "not_started" | "in_progress" | "done" | "blocked";
export type RollupLevel = "national" | "region" | "shelter";

export interface LevelRollup {
  scope: RollupLevel;
  total: number;
  done: number;
  in_progress: number;
  blocked: number;
  not_started: number;
  /** Blocked units by code (regions, shelters), so they are visible, not only counted. */
  blocked_codes: string[];
}

export interface Rollup {
  /** done only when every tracked unit is; blocked when any is; in progress when any moved. */
  status: RecommendationStatus;
  levels: LevelRollup[];
}

const statuses: readonly RecommendationStatus[] = ["not_started", "in_progress", "done", "blocked"];
const asStatus = (s: string): RecommendationStatus => statuses.find((x) => x === s) ?? "not_started";

/**
 * `latest`: the latest update per (scope, scope code) of one recommendation; `units`: the codes
 * of each level the caller sees. Levels no update mentions are left out (not tracked there).
 */
export function rollup(
  latest: readonly { scope: RollupLevel; scope_code: string; status: string }[],
  units: { region: readonly string[]; shelter: readonly string[] },
): Rollup {
  const levels: LevelRollup[] = [];
  for (const scope of ["national", "region", "shelter"] as const) {
    const rows = latest.filter((u) => u.scope === scope);
    if (rows.length === 0) continue;
    const codes = scope === "national" ? [""] : [...new Set([...units[scope], ...rows.map((r) => r.scope_code)])].sort();
    const byCode = new Map(rows.map((r) => [r.scope_code, asStatus(r.status)]));
    const level: LevelRollup = { scope, total: codes.length, done: 0, in_progress: 0, blocked: 0, not_started: 0, blocked_codes: [] };
    for (const code of codes) {
      const s = byCode.get(code) ?? "not_started";
      level[s] += 1;
      if (s === "blocked" && code) level.blocked_codes.push(code);
    }
    levels.push(level);
  }
  const sum = (k: RecommendationStatus) => levels.reduce((n, l) => n + l[k], 0);
  const total = levels.reduce((n, l) => n + l.total, 0);
  const status: RecommendationStatus =
    total === 0
      ? "not_started"
      : sum("done") === total
        ? "done"
        : sum("blocked") > 0
          ? "blocked"
          : sum("done") + sum("in_progress") > 0
            ? "in_progress"
            : "not_started";
  return { status, levels };
}
