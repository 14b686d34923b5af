import type { Comparison } from "@refugio/schemas";
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ComparisonBadge } from "./ComparisonBadge";

describe("ComparisonBadge", () => {
  it("gives each comparison its own text and its own icon shape", () => {
    const cases: Comparison[] = ["better", "similar", "worse", "not_compared"];
    const shapes = new Set<string>();
    const texts = new Set<string>();
    for (const c of cases) {
      const { container, unmount } = render(<ComparisonBadge comparison={c} />);
      const svg = container.querySelector("svg");
      expect(svg?.getAttribute("aria-hidden")).toBe("true");
      shapes.add(svg?.getAttribute("data-shape") ?? "");
      texts.add(container.textContent ?? "");
      unmount();
    }
    expect(shapes.size).toBe(4);
    expect(texts).toEqual(new Set(["Mejor", "Similar", "Peor", "Sin comparar"]));
  });

  it("treats null as not compared and names the benchmark in English", () => {
    render(<ComparisonBadge comparison={null} lang="en" benchmarkLabel="the network" />);
    expect(screen.getByText("Not compared with the network")).toBeTruthy();
  });

  it("writes a Spanish sentence with the benchmark", () => {
    render(<ComparisonBadge comparison="worse" benchmarkLabel="la red" />);
    expect(screen.getByText("Peor que la red")).toBeTruthy();
  });
});
