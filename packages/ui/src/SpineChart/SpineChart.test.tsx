import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SpineChart, spinePosition } from "./SpineChart";

const range = { min: 0.2, p25: 0.4, p50: 0.5, p75: 0.6, max: 0.7 };

describe("spinePosition", () => {
  it("centres the median, puts the farther end at the edge, and mirrors lower-is-better", () => {
    expect(spinePosition(0.5, range, "higher_is_better")).toBe(0.5);
    expect(spinePosition(0.2, range, "higher_is_better")).toBe(0);
    expect(spinePosition(0.7, range, "higher_is_better")).toBeCloseTo(5 / 6, 12);
    expect(spinePosition(0.7, range, "lower_is_better")).toBeCloseTo(1 / 6, 12);
    expect(spinePosition(2, range, "no_judgement")).toBe(1);
    expect(spinePosition(1, { min: 1, p25: 1, p50: 1, p75: 1, max: 1 }, "higher_is_better")).toBe(0.5);
  });
});

describe("SpineChart", () => {
  it("draws one row per indicator with a shape per judgement and the figures in cells", () => {
    const { container } = render(
      <SpineChart
        title="hrt-01 frente a sus pares"
        rows={[
          { code: "a", label: "A", own: 0.65, ownText: "65 %", medianText: "50 %", peers: range, polarity: "higher_is_better", judgement: "better" },
          { code: "b", label: "B", own: 0.65, ownText: "65 %", medianText: "50 %", peers: range, polarity: "lower_is_better", judgement: "worse" },
          { code: "c", label: "C", own: null, ownText: "suprimido", medianText: "—", peers: null, polarity: "higher_is_better", judgement: "not_compared" },
        ]}
      />,
    );
    screen.getByRole("table", { name: "hrt-01 frente a sus pares" });
    expect(container.querySelector('tr[data-indicator="a"] [data-shape="circle"]')).not.toBeNull();
    expect(container.querySelector('tr[data-indicator="b"] [data-shape="triangle"]')).not.toBeNull();
    // Same value, opposite polarity: the mark sits on opposite sides of the median line.
    const cx = Number(container.querySelector('tr[data-indicator="a"] circle')?.getAttribute("cx"));
    const tip = container.querySelector('tr[data-indicator="b"] path')?.getAttribute("d") ?? "";
    const bx = Number(/^M ([\d.]+)/.exec(tip)?.[1]);
    expect(cx).toBeGreaterThan(110);
    expect(bx).toBeLessThan(110);
    expect(container.querySelector('tr[data-indicator="c"] svg')).toBeNull();
    expect(screen.getByText("Mejor", { selector: ".rf-visually-hidden" })).toBeTruthy();
  });
});
