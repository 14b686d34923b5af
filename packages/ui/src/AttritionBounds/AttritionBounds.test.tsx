import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AttritionBounds } from "./AttritionBounds";

const low = { coverage: 0.4, low: 0.3, high: 0.9, best: 0.9, worst: 0.3, low_coverage: true, threshold: 0.6 };

describe("AttritionBounds", () => {
  it("states coverage, the worst–best bounds and flags low coverage", () => {
    const { container } = render(<AttritionBounds attrition={low} unit="proportion" lang="es" />);
    expect(container.textContent).toMatch(/Cobertura: 40\s?%/);
    screen.getByText("cobertura baja");
    expect(container.textContent).toMatch(/Entre 30\s?% y 90\s?% si ninguna \/ todas las mujeres sin dato/);
    expect(container.querySelector("[data-low-coverage]")).not.toBeNull();
  });
  it("draws no flag above the threshold; best before worst for lower-is-better indicators is handled by the band", () => {
    const { container } = render(
      <AttritionBounds attrition={{ coverage: 0.8, low: 0.05, high: 0.25, best: 0.05, worst: 0.25, low_coverage: false, threshold: 0.6 }} unit="proportion" lang="en" />,
    );
    expect(screen.queryByText("low coverage")).toBeNull();
    expect(container.textContent).toMatch(/Between 25\s?% and 5\s?% if none \/ all of the women without data had the good outcome/);
    const band = container.querySelectorAll("svg rect")[1];
    expect(Number(band?.getAttribute("x"))).toBeCloseTo(5, 9);
    expect(Number(band?.getAttribute("width"))).toBeCloseTo(20, 9);
  });
});
