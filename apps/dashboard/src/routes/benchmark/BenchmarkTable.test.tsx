// @vitest-environment jsdom
import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Outputs } from "../../lib/trpc";
import { renderWithLang } from "../../test/render";
import { BenchmarkTable } from "./BenchmarkTable";

type Benchmark = Outputs["benchmark"]["shelter"];
type Peers = NonNullable<Benchmark["indicators"][number]["peers"]>;

function own(indicator: string, value: number | null, extra: Partial<IndicatorResult> = {}): IndicatorResult {
  return { indicator, group: {}, numerator: null, denominator: null, value, ci_low: null, ci_high: null, n: value === null ? null : 40, suppressed: value === null, suppression_reason: value === null ? "primary" : null, comparison: null, ...extra };
}
function peers(p25: number, p50: number, p75: number, count = 6): Peers {
  return { peers: count, n: 300, quantiles: { p10: p25, p25, p50, p75, p90: p75 }, points: [p25, p50, p75], suppressed: false, pooled: false, window: { from: null, to: null }, perturbed: false };
}
const withheld: Peers = { peers: 2, n: 0, quantiles: null, points: null, suppressed: true, pooled: false, window: { from: null, to: null }, perturbed: false };

function info(code: string, polarity: IndicatorInfo["polarity"], unit: IndicatorInfo["unit"] = "proportion", display?: "percent"): IndicatorInfo {
  return { code, label: { es: code, en: code }, description: { es: "", en: "" }, unit, polarity, attribution: "", dimensions: ["shelter"], source: "", target: null, ...(display ? { display } : {}) };
}
const infos = new Map(
  [info("completed", "higher_is_better"), info("overstay", "lower_is_better"), info("occupancy_rate", "no_judgement", "rate", "percent"), info("safe", "higher_is_better"), info("nom", "higher_is_better")].map((i) => [i.code, i]),
);

const data: Benchmark = {
  shelter: { shelter_code: "hrt-01", network_code: "pe-hrt", region_code: "PE-LIM", country: "PE" },
  peerGroup: "network",
  indicators: [
    { indicator: "completed", own: [own("completed", 0.9, { ci_low: 0.8, ci_high: 0.95 })], basis: { basis: "period" }, peers: peers(0.4, 0.5, 0.6) },
    { indicator: "overstay", own: [own("overstay", 0.7, { ci_low: 0.6, ci_high: 0.8 })], basis: { basis: "period" }, peers: peers(0.1, 0.2, 0.3) },
    { indicator: "occupancy_rate", own: [own("occupancy_rate", 0.82)], basis: { basis: "period" }, peers: peers(0.5, 0.6, 0.7) },
    { indicator: "safe", own: [own("safe", null)], basis: { basis: "period" }, peers: withheld },
    { indicator: "nom", own: [own("nom", 0.5)], basis: { basis: "period" }, peers: null },
  ],
} as Benchmark;

describe("BenchmarkTable", () => {
  it("judges each position with the catalogue's polarity, in words, and shows occupancy as a percentage", () => {
    renderWithLang(<BenchmarkTable data={data} info={infos} peersLabel="Refugios de mi red" k={5} />);
    const table = screen.getByTestId("benchmark-table");
    const row = (code: string) => table.querySelector(`tr[data-indicator="${code}"]`) as HTMLElement;
    // Above the upper quartile: better where higher is better, worse where lower is better.
    expect(row("completed").dataset.judgement).toBe("better");
    within(row("completed")).getByText("Mejor que la mayoría de sus pares");
    within(row("completed")).getByText("más alto es mejor");
    expect(row("overstay").dataset.judgement).toBe("worse");
    within(row("overstay")).getByText("Peor que la mayoría de sus pares");
    // Occupancy: a percentage, never judged.
    expect(row("occupancy_rate").dataset.judgement).toBe("not_compared");
    within(row("occupancy_rate")).getByText(/^82\s?%$/);
    within(row("occupancy_rate")).getByText("sin juicio: ningún sentido es mejor");
    // The spine chart shows the same judgement by shape: better a circle, worse a triangle.
    const spine = document.querySelector(".rf-spine") as HTMLElement;
    expect(spine.querySelector('tr[data-indicator="completed"] [data-shape="circle"]')).not.toBeNull();
    expect(spine.querySelector('tr[data-indicator="overstay"] [data-shape="triangle"]')).not.toBeNull();
    expect(spine.querySelector('tr[data-indicator="safe"]')).toBeNull();
    // A blank interval says why, visibly.
    within(row("occupancy_rate")).getByText("sin intervalo para este indicador");
  });

  it("puts indicators with no peers in their own table, each with its reason", () => {
    renderWithLang(<BenchmarkTable data={data} info={infos} peersLabel="Shelters of my network" k={5} />, "en");
    const main = screen.getByTestId("benchmark-table");
    expect(main.querySelector('[data-indicator="safe"]')).toBeNull();
    const apart = screen.getByTestId("benchmark-apart");
    screen.getByRole("heading", { name: "Indicators with no comparable peers" });
    within(apart.querySelector('[data-indicator="safe"]') as HTMLElement).getByText(/too few peers or cases .*2 peers with a value/);
    within(apart.querySelector('[data-indicator="nom"]') as HTMLElement).getByText("no peer shelter has a publishable value");
    // The suppressed own value says why in visible text, not only a tooltip.
    within(apart.querySelector('[data-indicator="safe"]') as HTMLElement).getByText("(suppressed: fewer than 5 cases)");
  });
});
