// A load's problems grouped the way a data manager fixes them: one line per file × column ×
// reason, with how many rows, which lines (as ranges) and which values, instead of 799 rows that
// say the same thing.
import type { IngestProblem } from "@refugio/schemas";

export interface ProblemGroup {
  file: string;
  column: string | null;
  reason: IngestProblem["reason"];
  severity: IngestProblem["severity"];
  /** Problems in the group. */
  count: number;
  /** Lines, sorted and unique; problems about the whole file have none. */
  lines: number[];
  /** Distinct offending values as sent (never those of identifier-like columns: the API sends null), most frequent first. */
  values: { value: string; count: number }[];
}

/** Groups in the order their first problem appears (the server lists problems file by file, line by line). */
export function groupProblems(problems: readonly IngestProblem[]): ProblemGroup[] {
  const groups = new Map<string, ProblemGroup & { seen: Map<string, number> }>();
  for (const p of problems) {
    const key = JSON.stringify([p.file, p.column, p.reason.es, p.severity]);
    let g = groups.get(key);
    if (!g) {
      g = { file: p.file, column: p.column, reason: p.reason, severity: p.severity, count: 0, lines: [], values: [], seen: new Map() };
      groups.set(key, g);
    }
    g.count += 1;
    if (p.line !== null) g.lines.push(p.line);
    if (p.value !== null) g.seen.set(p.value, (g.seen.get(p.value) ?? 0) + 1);
  }
  return [...groups.values()].map(({ seen, ...g }) => ({
    ...g,
    lines: [...new Set(g.lines)].sort((a, b) => a - b),
    values: [...seen.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count),
  }));
}

/** Sorted unique lines as ranges: [2,3,4,7,9,10] → [[2,4],[7,7],[9,10]]. */
export function lineRanges(lines: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const line of lines) {
    const last = ranges.at(-1);
    if (last && line === last[1] + 1) last[1] = line;
    else ranges.push([line, line]);
  }
  return ranges;
}

/** "2–800", "3, 5, 9–12"; after `max` ranges, "… (N más)" / "… (N more)". */
export function formatLineRanges(lines: readonly number[], lang: "es" | "en", max = 6): string {
  const ranges = lineRanges(lines);
  const shown = ranges.slice(0, max).map(([a, b]) => (a === b ? String(a) : `${a}–${b}`));
  const rest = ranges.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} … (${rest} ${lang === "es" ? "más" : "more"})` : shown.join(", ");
}

/** Every problem as CSV rows (both languages of the reason), for the "full list" download. */
export function problemRows(problems: readonly IngestProblem[]): { header: string[]; rows: (string | number | null)[][] } {
  return {
    header: ["file", "line", "column", "value", "reason_es", "reason_en", "severity"],
    rows: problems.map((p) => [p.file, p.line, p.column, p.value, p.reason.es, p.reason.en, p.severity]),
  };
}
