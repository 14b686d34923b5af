import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { completedByQuarter, completedStaysInfo } from "../fixtures/results";
import { formatPeriod } from "../i18n";
import { axisLabel, TrendChart } from "./TrendChart";

// Fixed width/height: Recharts draws nothing at jsdom's zero size.
const props = { results: completedByQuarter, info: completedStaysInfo, periodKey: "quarter", width: 640, height: 320 };

function pathStarts(d: string | null): number {
  return (d ?? "").match(/M/g)?.length ?? 0;
}

describe("TrendChart", () => {
  it("summarises first and last values and the suppressed count", () => {
    render(<TrendChart {...props} />);
    screen.getByRole("figure", { name: "Estancias con plan completado" });
    // 28/49 = 57.1 %, 41/56 = 73.2 %
    screen.getByRole("img", { name: /6 periodos, de 57.1% \(T1 2024\) a 73.2% \(T2 2025\); 1 suprimido\./ });
  });

  it("breaks the line and the band at the suppressed period and labels it", () => {
    const { container } = render(<TrendChart {...props} />);
    const line = container.querySelector(".recharts-line-curve");
    // A gap means the path is drawn as two pieces (two move-to commands), not bridged.
    expect(pathStarts(line?.getAttribute("d") ?? null)).toBe(2);
    const area = container.querySelector(".recharts-area-area");
    expect(pathStarts(area?.getAttribute("d") ?? null)).toBeGreaterThanOrEqual(2);
    const texts = Array.from(container.querySelectorAll("svg text")).map((t) => t.textContent);
    expect(texts.filter((t) => t === "suprimido")).toHaveLength(1);
  });

  it("gives the numbers per period in English in the data table", () => {
    render(<TrendChart {...props} lang="en" benchmark={0.6} benchmarkLabel="Target" />);
    const table = screen.getByRole("table", { name: "Stays with plan completed" });
    const row = (p: string) => within(table).getByRole("rowheader", { name: p }).closest("tr")?.textContent ?? "";
    expect(row("Q3 2024")).toContain("suppressed: fewer than 5 cases");
    expect(row("Q2 2025")).toContain("73.2%");
    expect(row("Q2 2025")).toContain("60.5%–82.9%");
    expect(screen.getByRole("figure").textContent).toContain("Dashed line: Target (60%)");
  });

  it("gives each period's coverage in the data table when the indicator carries attrition", () => {
    const attrition = { coverage: 0.5, low: 0.2, high: 0.8, best: 0.8, worst: 0.2, low_coverage: true, threshold: 0.6 };
    const results = completedByQuarter.map((r, i) => (i === 0 ? { ...r, attrition } : r));
    render(<TrendChart {...props} results={results} lang="en" />);
    const table = screen.getByRole("table");
    expect(within(table).getByRole("columnheader", { name: "Coverage" })).toBeTruthy();
    expect(within(table).getAllByRole("row")[1]?.textContent).toContain("50% (low)");
  });

  it("names months and quarters in words in each language, from the API's codes", () => {
    expect(formatPeriod("2024-01", "es")).toBe("ene 2024");
    expect(formatPeriod("2024-09", "en")).toBe("Sep 2024");
    expect(formatPeriod("2019-Q1", "es")).toBe("T1 2019");
    expect(formatPeriod("2019-Q1", "en")).toBe("Q1 2019");
    expect(formatPeriod("2024", "es")).toBe("2024");
  });

  it("labels month and quarter axes short, the year once per year, and thins long series", () => {
    const months = Array.from({ length: 36 }, (_, i) => ({ code: `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}` }));
    const step = Math.ceil(months.length / 12);
    expect(step).toBe(3);
    expect(axisLabel(months, 0, step, "es")).toEqual({ top: "ene", year: "2022" });
    expect(axisLabel(months, 1, step, "es")).toEqual({ top: "", year: null });
    expect(axisLabel(months, 3, step, "en")).toEqual({ top: "Apr", year: null });
    expect(axisLabel(months, 12, step, "en")).toEqual({ top: "Jan", year: "2023" });
    const quarters = ["2023-Q3", "2023-Q4", "2024-Q1"].map((code) => ({ code }));
    expect(quarters.map((_, i) => axisLabel(quarters, i, 1, "es"))).toEqual([
      { top: "T3", year: "2023" },
      { top: "T4", year: null },
      { top: "T1", year: "2024" },
    ]);
    expect(axisLabel([{ code: "2024" }], 0, 1, "es")).toBeNull();
  });
});
