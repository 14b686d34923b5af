// @vitest-environment jsdom
import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AdjustedTable } from "./AdjustedTable";
import { PoolingNotes } from "./PoolingNotes";

const info = {
  code: "completed_stays",
  label: { es: "Estancias completadas", en: "Completed stays" },
  description: { es: "", en: "" },
  unit: "proportion" as const,
  polarity: "higher_is_better" as const,
  attribution: "exit",
  dimensions: [],
  source: "",
  target: null,
};

describe("PoolingNotes", () => {
  it("labels a unit judged on the pooled window with its dates and value, and says why another is not compared", () => {
    const { container } = render(
      <PoolingNotes
        info={info}
        lang="en"
        units={[
          { label: "hrt-01", basis: { basis: "period" }, comparison: "similar" },
          { label: "hrt-02", basis: { basis: "pooled", window: { from: "2023-04-01", to: "2024-03-31", quarters: 4 } }, comparison: "worse", pooled: { value: 0.25, ci_low: 0.1, ci_high: 0.4 } },
          { label: "hrt-03", basis: { basis: "not_compared", reason: { es: "menos de 5", en: "fewer than 5 records" } }, comparison: "not_compared" },
        ]}
      />,
    );
    expect(container.querySelector('[data-unit="hrt-01"]')).toBeNull();
    expect(container.querySelector('[data-unit="hrt-02"]')?.textContent).toMatch(/judged on the pooled window of 4 quarters \(2023-04-01 – 2024-03-31\): 25\s?%.*Worse/);
    expect(container.querySelector('[data-unit="hrt-03"]')?.textContent).toMatch(/not compared — fewer than 5 records/);
  });
  it("shows nothing when every unit is judged on its own period", () => {
    const { container } = render(<PoolingNotes info={info} lang="es" units={[{ label: "a", basis: { basis: "period" }, comparison: "similar" }]} />);
    expect(container.textContent).toBe("");
  });
});

describe("AdjustedTable", () => {
  it("shows crude and adjusted side by side, the variables and the merges", () => {
    const crude = { indicator: "completed_stays", group: { shelter: "cr-bog-2" }, numerator: 40, denominator: 100, value: 0.4, ci_low: 0.31, ci_high: 0.5, n: 100, suppressed: false, suppression_reason: null, comparison: null };
    const { container } = render(
      <AdjustedTable
        info={info}
        lang="es"
        method={{ variables: [{ code: "risk_level", label: { es: "nivel de riesgo al ingreso", en: "risk level at admission" } }], merges: [["risk_level=moderate", "risk_level=severe"]], strata: 2 }}
        units={[{ label: "cr-bog-2", crude, crudeComparison: "worse", adjusted: { observed: 40, expected: 42.5, ratio: 0.94, ratio_low: 0.67, ratio_high: 1.28, adjusted: 0.52, suppressed: false, comparison: "similar" } }]}
      />,
    );
    const row = container.querySelector('tr[data-unit="cr-bog-2"]');
    expect(row?.querySelector('[data-col="crude-verdict"]')?.textContent).toMatch(/Peor/);
    expect(row?.querySelector('[data-col="adjusted-verdict"]')?.textContent).toMatch(/Similar/);
    expect(row?.textContent).toMatch(/0[.,]94 \(0[.,]67 – 1[.,]28\)/);
    expect(container.textContent).toMatch(/Variables de perfil usadas: nivel de riesgo al ingreso \(2 estratos usados\)/);
    expect(container.textContent).toMatch(/Estratos fusionados \(pocos registros\): 1/);
  });
});
