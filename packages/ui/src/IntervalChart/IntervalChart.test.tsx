import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { completedByShelter, completedStaysInfo } from "../fixtures/results";
import { IntervalChart, proportionAxis } from "./IntervalChart";

// Fixed width/height: Recharts measures nothing in jsdom, so a numeric size is what makes it draw.
const props = { results: completedByShelter, info: completedStaysInfo, width: 640, height: 360 } as const;

describe("IntervalChart", () => {
  it("is a named figure whose SVG is a labelled image", () => {
    const { container } = render(<IntervalChart {...props} benchmark={0.617} benchmarkLabel="Red" />);
    screen.getByRole("figure", { name: "Estancias con plan completado" });
    const svg = screen.getByRole("img", { name: /gráfico de intervalos de 7 grupos/ });
    expect(svg.tagName.toLowerCase()).toBe("svg");
    // Not a focus trap with nothing to do: the keyboard path is the data-table button.
    expect(svg.hasAttribute("tabindex")).toBe(false);
    // One bar per shown group: the two suppressed ones are gaps.
    expect(container.querySelectorAll(".recharts-bar-rectangle path, .recharts-bar-rectangle rect").length).toBe(5);
  });

  it("draws each whisker from ci_low to ci_high on the bars' own scale", () => {
    const { container } = render(<IntervalChart {...props} />);
    const first = completedByShelter[0];
    const bar = container.querySelector(".recharts-bar-rectangle path")?.getAttribute("d") ?? "";
    // Bar path "M x0,y h w ...": x0 is the zero of the axis, w / value the pixels per unit.
    const m = /^M\s*([\d.]+),[\d.]+\s*h\s*([\d.]+)/.exec(bar);
    expect(m).not.toBeNull();
    const x0 = Number(m?.[1]);
    const perUnit = Number(m?.[2]) / (first?.value ?? 1);
    const xs = Array.from(container.querySelectorAll(".recharts-errorBar"))[0]
      ?.querySelectorAll("line");
    const ends = Array.from(xs ?? []).flatMap((l) => [Number(l.getAttribute("x1")), Number(l.getAttribute("x2"))]);
    expect(Math.min(...ends)).toBeCloseTo(x0 + (first?.ci_low ?? 0) * perUnit, 1);
    expect(Math.max(...ends)).toBeCloseTo(x0 + (first?.ci_high ?? 0) * perUnit, 1);
  });

  it("labels suppressed groups on the axis instead of drawing them", () => {
    const { container } = render(<IntervalChart {...props} k={5} />);
    const ticks = Array.from(container.querySelectorAll("svg text")).map((t) => t.textContent);
    expect(ticks).toContain("— suprimido (n < 5)");
    expect(ticks).toContain("— suprimido (secundaria)");
  });

  it("draws the benchmark line with its value and states it in a note", () => {
    const { container } = render(<IntervalChart {...props} benchmark={0.617} benchmarkLabel="Red" />);
    expect(container.querySelector(".recharts-reference-line")).not.toBeNull();
    expect(container.textContent).toContain("Red: 61.7%");
    expect(container.querySelector(".rf-chart__note")?.textContent).toContain("Red (61.7%)");
  });

  it("puts every number in a data table, revealed by a button", () => {
    render(<IntervalChart {...props} lang="en" benchmark={0.617} benchmarkLabel="Network" />);
    const table = screen.getByRole("table", { name: "Stays with plan completed" });
    const lima = within(table).getByRole("rowheader", { name: "Casa Refugio Lima Norte" }).closest("tr");
    expect(lima?.textContent).toContain("77.4%");
    expect(lima?.textContent).toContain("64.7%–86.9%");
    expect(lima?.textContent).toContain("Better than Network");
    const ayacucho = within(table).getByRole("rowheader", { name: "Casa Refugio Ayacucho" }).closest("tr");
    expect(ayacucho?.textContent).toContain("suppressed: fewer than 5 cases");
    const button = screen.getByRole("button", { name: "Show data table" });
    fireEvent.click(button);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(table.parentElement?.className).not.toContain("rf-visually-hidden");
  });

  it("gives proportions a nice axis: even whole-percent ticks up to a round end", () => {
    expect(proportionAxis(0.87)).toEqual({ max: 1, ticks: [0, 0.25, 0.5, 0.75, 1] });
    expect(proportionAxis(0.81).max).toBe(1);
    expect(proportionAxis(0.8)).toEqual({ max: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8] });
    expect(proportionAxis(0.33)).toEqual({ max: 0.4, ticks: [0, 0.1, 0.2, 0.3, 0.4] });
    expect(proportionAxis(0.07)).toEqual({ max: 0.1, ticks: [0, 0.02, 0.04, 0.06, 0.08, 0.1] });
    expect(proportionAxis(0)).toEqual({ max: 0.05, ticks: [0, 0.01, 0.02, 0.03, 0.04, 0.05] });
    expect(proportionAxis(1).max).toBe(1);
    for (const v of [0.01, 0.12, 0.26, 0.45, 0.55, 0.61, 0.79, 0.95]) {
      const { max, ticks } = proportionAxis(v);
      expect(max).toBeGreaterThanOrEqual(v);
      const steps = ticks.slice(1).map((t, i) => Math.round((t - (ticks[i] ?? 0)) * 1e6));
      expect(new Set(steps).size, `${v}: ${ticks.join(" ")}`).toBe(1);
      expect(ticks.at(-1)).toBe(max);
    }
  });

  it("draws those ticks on the value axis", () => {
    // completedByShelter reaches about 89 %: the axis runs to 100 % in quarters, not to 90 %.
    const { container } = render(<IntervalChart {...props} />);
    // Value-axis ticks are the texts that are a bare percentage (the right-hand labels add a comparison).
    const ticks = Array.from(container.querySelectorAll("svg text"))
      .map((t) => t.textContent ?? "")
      .filter((t) => /^\d+\s?%$/.test(t));
    expect(ticks).toEqual(["0%", "25%", "50%", "75%", "100%"]);
  });

  it("has no benchmark line or caption when none is given", () => {
    const { container } = render(<IntervalChart {...props} benchmark={null} benchmarkLabel="Total" />);
    expect(container.textContent).not.toContain("Línea vertical discontinua");
    expect(container.querySelector(".recharts-reference-line")).toBeNull();
  });
});
