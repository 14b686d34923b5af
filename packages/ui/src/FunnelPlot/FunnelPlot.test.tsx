import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { normalFunnelLimits, safetyPlanByShelter, safetyPlanInfo } from "../fixtures/results";
import { FunnelPlot, placeLabel } from "./FunnelPlot";
import { funnelPosition, limitAt } from "./funnelLimits";

const limits = normalFunnelLimits(0.7, 170);
// Fixed width/height: Recharts draws nothing at jsdom's zero size.
const props = { results: safetyPlanByShelter, info: safetyPlanInfo, target: 0.7, limits, width: 640, height: 400 };

describe("funnelPosition", () => {
  const pts = [
    { denominator: 10, lower95: 0.4, upper95: 0.9, lower998: 0.3, upper998: 1 },
    { denominator: 100, lower95: 0.6, upper95: 0.8, lower998: 0.55, upper998: 0.85 },
  ];
  it("interpolates between limit points and is flat beyond them", () => {
    expect(limitAt(pts, "upper95", 55)).toBeCloseTo(0.85, 10);
    expect(limitAt(pts, "lower95", 5)).toBe(0.4);
    expect(limitAt(pts, "lower95", 500)).toBe(0.6);
    expect(limitAt([], "lower95", 5)).toBeNull();
  });
  it("classifies against the 95 % and 99.8 % curves", () => {
    expect(funnelPosition(pts, 100, 0.7)).toBe("within");
    expect(funnelPosition(pts, 100, 0.82)).toBe("above95");
    expect(funnelPosition(pts, 100, 0.9)).toBe("above998");
    expect(funnelPosition(pts, 100, 0.58)).toBe("below95");
    expect(funnelPosition(pts, 100, 0.5)).toBe("below998");
  });
});

describe("FunnelPlot", () => {
  it("adjusted for case mix: names the axes O/E and expected, the centre line 1 and the Poisson method", () => {
    const axes = { x: { es: "esperado (E)", en: "expected (E)" }, y: { es: "observado ÷ esperado (O/E)", en: "observed ÷ expected (O/E)" }, centre: { es: "O/E", en: "O/E" } };
    const results = safetyPlanByShelter.map((r) => ({ ...r, denominator: (r.denominator ?? 0) * 0.7, value: r.value === null ? null : r.value / 0.7 }));
    const { container } = render(<FunnelPlot {...props} results={results} target={1} limitMethod="exact_poisson" axes={axes} lang="en" />);
    expect(container.textContent).toMatch(/Horizontal axis: expected \(E\); vertical axis: observed ÷ expected \(O\/E\)\. Centre line: O\/E = 1\./);
    expect(container.textContent).toMatch(/exact Poisson limits around O\/E = 1/);
    const headers = Array.from(container.querySelectorAll("th")).map((th) => th.textContent);
    expect(headers).toEqual(expect.arrayContaining(["observed ÷ expected (O/E)", "expected (E)"]));
    // Ratios, not percentages.
    const values = Array.from(container.querySelectorAll("tbody tr")).map((tr) => tr.querySelectorAll("td, th")[1]?.textContent ?? "");
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => /^\d+(\.\d+)?$/.test(v)), values.join(" | ")).toBe(true);
  });

  it("summarises how many units fall outside the limits", () => {
    render(<FunnelPlot {...props} />);
    screen.getByRole("figure", { name: "Egresos con plan de seguridad" });
    screen.getByRole("img", { name: /13 unidades; 3 fuera de los límites 95 %, de ellas 1 fuera del 99,8 %/ });
  });

  it("draws outside points with other shapes and labels them by name", () => {
    const { container } = render(<FunnelPlot {...props} />);
    const svgText = Array.from(container.querySelectorAll("svg text")).map((t) => t.textContent);
    for (const name of ["Casa 11", "Casa 12", "Casa 13"]) expect(svgText).toContain(name);
    // Points inside the limits carry no label, so the plot stays readable.
    expect(svgText).not.toContain("Casa 05");
    expect(container.querySelectorAll(".recharts-scatter-symbol").length).toBe(13);
    // Four limit curves and the centre line.
    expect(container.querySelectorAll(".recharts-line-curve").length).toBe(4);
    expect(container.querySelector(".recharts-reference-line")).not.toBeNull();
  });

  it("lists each unit's position in the data table and notes suppressed units and the method", () => {
    render(<FunnelPlot {...props} lang="en" limitMethod="exact_binomial" />);
    const table = screen.getByRole("table", { name: "Exits with a safety plan" });
    const row = (name: string) => within(table).getByRole("rowheader", { name }).closest("tr")?.textContent ?? "";
    expect(row("Casa 12")).toContain("above the 99.8 % limit");
    expect(row("Casa 11")).toContain("below the 95 % limit");
    expect(row("Casa 13")).toContain("above the 95 % limit");
    expect(row("Casa 05")).toContain("within the limits");
    expect(within(table).queryByRole("rowheader", { name: "Casa 14" })).toBeNull();
    const note = screen.getByRole("figure").querySelector(".rf-chart__note")?.textContent ?? "";
    expect(note).toContain("1 suppressed unit is not shown");
    expect(note).toContain("exact binomial limits");
  });

  it("keeps outliers' labels apart: two points at the same spot get labels on different lines", () => {
    const twin = safetyPlanByShelter.find((r) => !r.suppressed && r.value !== null);
    if (!twin) throw new Error("fixture without a value");
    // Two units far above the limits at the same size and value.
    const results = [
      { ...twin, group: { shelter: "a-01" }, value: 0.99, denominator: 150 },
      { ...twin, group: { shelter: "b-02" }, value: 0.99, denominator: 150 },
    ];
    const { container } = render(<FunnelPlot {...props} results={results} />);
    const labels = Array.from(container.querySelectorAll("text")).filter((t) => t.textContent === "a-01" || t.textContent === "b-02");
    expect(labels).toHaveLength(2);
    const ys = labels.map((t) => Number(t.getAttribute("y")));
    expect(Math.abs((ys[0] ?? 0) - (ys[1] ?? 0))).toBeGreaterThanOrEqual(14);
  });
});

describe("placeLabel", () => {
  it("takes the wanted spot when free, else the nearest free line", () => {
    const placed: { x: number; y: number; width: number; height: number }[] = [];
    expect(placeLabel(placed, { x: 0, y: 100, width: 50, height: 14 }).y).toBe(100);
    expect(placeLabel(placed, { x: 10, y: 100, width: 50, height: 14 }).y).toBe(114);
    expect(placeLabel(placed, { x: 10, y: 100, width: 50, height: 14 }).y).toBe(86);
    expect(placeLabel(placed, { x: 200, y: 100, width: 50, height: 14 }).y).toBe(100);
  });
});
