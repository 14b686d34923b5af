import type { IngestProblem } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { formatLineRanges, groupProblems, lineRanges, problemRows } from "./problems";

const reason = { es: "valor no permitido", en: "value not allowed" };
const p = (line: number | null, column: string | null, value: string | null, r = reason): IngestProblem => ({ file: "stays.csv", line, column, value, reason: r, severity: "error" });

describe("groupProblems", () => {
  it("groups by file × column × reason, with the lines as ranges and the values by frequency", () => {
    const problems = [
      ...Array.from({ length: 799 }, (_, i) => p(i + 2, "age_band", "treinta")),
      p(801, "age_band", "40 años"),
      p(5, "admission_date", "2023-02-30", { es: "fecha imposible", en: "impossible date" }),
      p(null, null, null, { es: "falta el manifiesto", en: "manifest missing" }),
    ];
    const groups = groupProblems(problems);
    expect(groups).toHaveLength(3);
    const age = groups[0];
    expect(age?.column).toBe("age_band");
    expect(age?.count).toBe(800);
    expect(age?.values).toEqual([
      { value: "treinta", count: 799 },
      { value: "40 años", count: 1 },
    ]);
    expect(formatLineRanges(age?.lines ?? [], "es")).toBe("2–801");
    expect(groups[2]?.lines).toEqual([]);
  });

  it("writes ranges compactly and caps long lists", () => {
    expect(lineRanges([2, 3, 4, 7, 9, 10])).toEqual([
      [2, 4],
      [7, 7],
      [9, 10],
    ]);
    expect(formatLineRanges([3, 5, 9, 10, 11, 12], "es")).toBe("3, 5, 9–12");
    expect(formatLineRanges([1, 3, 5, 7], "en", 2)).toBe("1, 3 … (2 more)");
  });

  it("lists every problem for the CSV, both languages of the reason", () => {
    const { header, rows } = problemRows([p(3, "age_band", "treinta")]);
    expect(header).toEqual(["file", "line", "column", "value", "reason_es", "reason_en", "severity"]);
    expect(rows).toEqual([["stays.csv", 3, "age_band", "treinta", "valor no permitido", "value not allowed", "error"]]);
  });
});
