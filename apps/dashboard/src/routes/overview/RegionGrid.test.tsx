// @vitest-environment jsdom
import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithLang } from "../../test/render";
import { Table } from "@refugio/ui";
import { RegionGrid, regionRows, useRegionGridColumns } from "./RegionGrid";

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

  it("words a blank cell by its state: not assessed and not applicable are not 'suprimido'", () => {
    const blank = (state: "not_assessed" | "not_applicable" | "no_data", region: string): IndicatorResult => ({ ...r("completed_stays", { region }, null, null), suppressed: false, suppression_reason: null, state });
    const rows = [blank("not_assessed", "PE-LIM"), blank("not_applicable", "PE-CUS"), blank("no_data", "PE-ARE")];
    renderWithLang(<RegionGrid results={rows} indicators={["completed_stays"]} info={infos} k={5} />);
    const grid = screen.getByTestId("region-grid");
    const cell = (region: string) => grid.querySelector(`tr[data-region="${region}"] td`) as HTMLElement;
    for (const [region, state] of [["PE-LIM", "not_assessed"], ["PE-CUS", "not_applicable"], ["PE-ARE", "no_data"]] as const) {
      expect(cell(region).querySelector("[data-state]")?.getAttribute("data-state")).toBe(state);
      expect(cell(region).textContent).not.toContain("suprimido");
    }
    expect(cell("PE-LIM").textContent).toContain("no evaluado");
  });
});

describe("the printed report's grid", () => {
  it("has no sort buttons and one short word per blank, with the reason read out", () => {
    function Printed() {
      const columns = useRegionGridColumns(["women_served", "completed_stays"], infos, 5, true);
      return <Table caption="x" columns={columns} rows={regionRows(results)} rowKey={(x) => x.region} testId="printed" />;
    }
    renderWithLang(<Printed />);
    const grid = screen.getByTestId("printed");
    expect(grid.querySelectorAll("button")).toHaveLength(0);
    const row = within(grid).getByRole("rowheader", { name: "Cusco" }).closest("tr") as HTMLElement;
    const blank = row.querySelector("td [data-state=suppressed]") as HTMLElement;
    expect(blank.textContent).toMatch(/^suprimido \(suprimido: menos de 5 casos\)$/);
  });
});
