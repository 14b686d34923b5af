import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { completedByShelter, completedStaysInfo } from "../fixtures/results";
import { IntervalChart } from "./IntervalChart";

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
});
