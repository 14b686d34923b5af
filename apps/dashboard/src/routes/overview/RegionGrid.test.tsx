// @vitest-environment jsdom
import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithLang } from "../../test/render";
import { RegionGrid, regionRows } from "./RegionGrid";

const r = (indicator: string, group: Record<string, string>, value: number | null, comparison: IndicatorResult["comparison"]): IndicatorResult => ({
  indicator,
  group,
  numerator: null,
  denominator: null,
  value,
  ci_low: null,
  ci_high: null,
  n: 30,
  suppressed: value === null,
  suppression_reason: value === null ? "primary" : null,
  comparison,
});
const info = (code: string, unit: IndicatorInfo["unit"]): IndicatorInfo => ({ code, label: { es: code, en: code }, description: { es: "", en: "" }, unit, polarity: "higher_is_better", attribution: "", dimensions: ["region"], source: "", target: null });
const infos = new Map([info("completed_stays", "proportion"), info("women_served", "count")].map((i) => [i.code, i]));

const results = [
  r("completed_stays", {}, 0.6, null),
  r("completed_stays", { region: "PE-LIM" }, 0.8, "better"),
  r("completed_stays", { region: "PE-CUS" }, 0.4, "worse"),
  r("women_served", { region: "PE-LIM" }, 120, "not_compared"),
  r("women_served", { region: "PE-CUS" }, null, "not_compared"),
];

describe("RegionGrid", () => {
  it("keeps per-region rows only, sorted by region name", () => {
    expect(regionRows(results).map((x) => x.region)).toEqual(["PE-CUS", "PE-LIM"]);
  });

  it("colours each cell better / similar / worse with a shape and a spoken word, and says why a cell is empty", () => {
    renderWithLang(<RegionGrid results={results} indicators={["women_served", "completed_stays"]} info={infos} k={5} />);
    const grid = screen.getByTestId("region-grid");
    const lima = grid.querySelector('tr[data-region="PE-LIM"]') as HTMLElement;
    const cusco = grid.querySelector('tr[data-region="PE-CUS"]') as HTMLElement;
    const cells = (row: HTMLElement) => [...row.querySelectorAll("td")];
    expect(cells(lima)[1]?.className).toContain("area-cell--better");
    expect(cells(lima)[1]?.textContent).toMatch(/80\s?% \(Mejor\)/);
    expect(cells(lima)[1]?.querySelector("svg[data-shape=check]")).not.toBeNull();
    expect(cells(cusco)[1]?.className).toContain("area-cell--worse");
    expect(cells(lima)[0]?.className).toContain("area-cell--not_compared");
    within(cells(cusco)[0] as HTMLElement).getByText("(suprimido: menos de 5 casos)");
  });
});
