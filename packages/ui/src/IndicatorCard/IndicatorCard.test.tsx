import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  completedStaysInfo,
  completedTotal,
  followupInfo,
  lengthOfStay,
  lengthOfStayInfo,
  safeAtFollowup,
  suppressedPrimary,
} from "../fixtures/results";
import { IndicatorCard } from "./IndicatorCard";

describe("IndicatorCard", () => {
  it("shows coverage, the worst–best bounds and 'cobertura baja' beside a value with attrition", () => {
    const attrition = { coverage: 0.5, low: 0.2, high: 0.7, best: 0.7, worst: 0.2, low_coverage: true, threshold: 0.6 };
    const { container } = render(<IndicatorCard info={followupInfo} result={{ ...safeAtFollowup, attrition }} lang="es" />);
    expect(container.querySelector("[data-low-coverage]")?.textContent).toMatch(/Cobertura: 50\s?%\s*cobertura baja.*Entre 20\s?% y 70\s?%/);
    // Suppressed values carry no bounds.
    const hidden = render(<IndicatorCard info={followupInfo} result={{ ...suppressedPrimary, attrition }} lang="es" />);
    expect(hidden.container.querySelectorAll(".rf-attrition")).toHaveLength(0);
  });

  it("shows a proportion as a percentage with its interval, n and counts", () => {
    render(<IndicatorCard info={completedStaysInfo} result={completedTotal} benchmarkLabel="la red" />);
    const card = screen.getByRole("article", { name: "Estancias con plan completado" });
    const text = card.textContent ?? "";
    // 132/214 = 61.68 % → es-PE writes 61.7%
    expect(text).toContain("61.7");
    expect(text).toMatch(/IC 95 %: 55\s?%?.*–67\.8/);
    expect(text).toContain("n = 214");
    expect(text).toContain("132 / 214");
    expect(within(card).getByText("Similar a la red")).toBeTruthy();
  });

  it("uses English labels and the CI wording in English", () => {
    render(<IndicatorCard info={completedStaysInfo} result={completedTotal} lang="en" />);
    const card = screen.getByRole("article", { name: "Stays with plan completed" });
    expect(card.textContent).toContain("95 % CI:");
    expect(card.textContent).toContain("Similar");
  });

  it("shows days with the unit word and the extra statistics", () => {
    render(<IndicatorCard info={lengthOfStayInfo} result={lengthOfStay} />);
    const card = screen.getByRole("article");
    expect(card.textContent).toContain("74 días");
    expect(within(card).getByText("Percentil 90")).toBeTruthy();
    expect(within(card).getByText("131 días")).toBeTruthy();
  });

  it("replaces value, interval and comparison when suppressed", () => {
    render(<IndicatorCard info={completedStaysInfo} result={suppressedPrimary} k={11} showGroup />);
    const card = screen.getByRole("article");
    expect(card.textContent).toContain("—");
    expect(card.textContent).toContain("suprimido: menos de 11 casos");
    expect(card.textContent).not.toContain("IC 95 %");
    expect(card.textContent).toContain("Sin comparar");
    expect(card.textContent).toContain("Casa Refugio Ayacucho");
  });

  it("states coverage and perturbation", () => {
    render(<IndicatorCard info={followupInfo} result={safeAtFollowup} />);
    const card = screen.getByRole("article");
    // 140 eligible, 52 missing → 88 reached (63 %)
    expect(card.textContent).toContain("Cobertura: 88 de 140 elegibles (63");
    expect(card.textContent).toContain("Contactos a 6 meses");
    expect(card.textContent).toContain("Cifras levemente alteradas para proteger la confidencialidad");
  });

  it("says when the value is a mean because medians are not released to external readers", () => {
    const external = { ...lengthOfStay, value: 81.2, statistic: "mean" as const, stats: { median: null, mean: 81.2, p90: null }, perturbed: true };
    render(<IndicatorCard info={lengthOfStayInfo} result={external} lang="en" />);
    const card = screen.getByRole("article");
    expect(card.textContent).toContain("Value: the mean. Medians are not released outside the network");
    expect(card.querySelector("dl")?.textContent).toContain("Mean");
    expect(card.querySelector("dl")?.textContent).not.toContain("Median");
  });
});

describe("IndicatorCard on a total", () => {
  it("shows no comparison badge when there is nothing to compare with", () => {
    render(<IndicatorCard info={completedStaysInfo} result={{ ...completedTotal, comparison: null }} />);
    const card = screen.getByRole("article");
    expect(card.querySelector("[data-comparison]")).toBeNull();
    expect(card.textContent).not.toContain("Sin comparar");
  });
});
