import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Sparkline, sparklineSegments } from "./Sparkline";

describe("sparklineSegments", () => {
  it("breaks the line at a missing value instead of bridging it", () => {
    const s = sparklineSegments([1, 2, null, 4, 5], 100, 20);
    expect(s.map((run) => run.length)).toEqual([2, 2]);
  });
  it("puts the highest value at the top and the lowest at the bottom", () => {
    const [run] = sparklineSegments([10, 30, 20], 100, 20);
    const ys = (run ?? []).map(([, y]) => y);
    expect(Math.min(...ys)).toBe(ys[1]);
    expect(Math.max(...ys)).toBe(ys[0]);
  });
  it("draws nothing with no released value, and a flat series mid-height", () => {
    expect(sparklineSegments([null, null], 100, 20)).toEqual([]);
    expect(sparklineSegments([3, 3], 100, 20)[0]?.map(([, y]) => y)).toEqual([10, 10]);
  });
});

describe("Sparkline", () => {
  it("is read out as the values, the suppressed year in words", () => {
    render(
      <Sparkline
        title="Seguimiento"
        points={[
          { label: "2023", value: 0.5, text: "50 %" },
          { label: "2024", value: null, text: "suprimido" },
          { label: "2025", value: 0.6, text: "60 %" },
        ]}
      />,
    );
    expect(screen.getByRole("img").getAttribute("aria-label")).toBe("Seguimiento: 2023 50 %, 2024 suprimido, 2025 60 %");
  });
});
