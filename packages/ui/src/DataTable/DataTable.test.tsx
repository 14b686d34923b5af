import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import {
  completedByShelter,
  completedStaysInfo,
  followupInfo,
  lengthOfStay,
  lengthOfStayInfo,
  safeAtFollowup,
  womenServed,
  womenServedInfo,
} from "../fixtures/results";
import { DataTable } from "./DataTable";

function rowHeaders(): string[] {
  return screen.getAllByRole("rowheader").map((th) => th.textContent ?? "");
}

describe("DataTable", () => {
  it("shows coverage, the worst–best bounds and 'cobertura baja' beside a value with attrition", () => {
    const row = {
      ...(completedByShelter[0] as (typeof completedByShelter)[number]),
      attrition: { coverage: 0.4, low: 0.3, high: 0.9, best: 0.9, worst: 0.3, low_coverage: true, threshold: 0.6 },
    };
    const { container } = render(<DataTable rows={[row]} indicators={[completedStaysInfo]} lang="es" caption="t" />);
    const cell = container.querySelector(".rf-table__coverage");
    expect(cell?.textContent).toMatch(/cobertura 40\s?% · cobertura baja · cotas 30\s?%–90\s?%/);
    expect(cell?.getAttribute("data-low-coverage")).toBe("true");
  });

  it("has a caption as its name and scoped headers", () => {
    const { container } = render(
      <DataTable rows={completedByShelter} caption="Plan completado por casa" indicators={[completedStaysInfo]} />,
    );
    screen.getByRole("table", { name: /Plan completado por casa/ });
    const cols = container.querySelectorAll('thead th[scope="col"]');
    expect(cols.length).toBe(8);
    expect(rowHeaders()).toHaveLength(completedByShelter.length);
  });

  it("sorts by value both ways, with suppressed rows last, and sets aria-sort", () => {
    render(<DataTable rows={completedByShelter} caption="c" indicators={[completedStaysInfo]} hideIndicator />);
    const valueButton = screen.getByRole("button", { name: /Valor/ });
    fireEvent.click(valueButton);
    expect(valueButton.closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    const shown = completedByShelter.filter((r) => !r.suppressed && r.value !== null);
    const ascending = [...shown].sort((a, b) => (a.value ?? 0) - (b.value ?? 0)).map((r) => r.group.shelter);
    const headers = rowHeaders();
    expect(headers.slice(0, shown.length)).toEqual(ascending);
    expect(headers.slice(shown.length)).toEqual(["Casa Refugio Ayacucho", "Casa Refugio Cusco"]);

    fireEvent.click(valueButton);
    expect(valueButton.closest("th")?.getAttribute("aria-sort")).toBe("descending");
    expect(rowHeaders().slice(0, shown.length)).toEqual([...ascending].reverse());
    expect(rowHeaders().slice(shown.length)).toEqual(["Casa Refugio Ayacucho", "Casa Refugio Cusco"]);
  });

  it("explains suppressed cells and formats values with their unit", () => {
    render(<DataTable rows={completedByShelter} caption="c" indicators={[completedStaysInfo]} k={5} />);
    const ayacucho = screen.getByRole("rowheader", { name: "Casa Refugio Ayacucho" }).closest("tr");
    expect(ayacucho?.textContent).toContain("suprimido: menos de 5 casos");
    const cusco = screen.getByRole("rowheader", { name: "Casa Refugio Cusco" }).closest("tr");
    expect(cusco?.textContent).toContain("suprimido para proteger otra celda");
    const lima = screen.getByRole("rowheader", { name: "Casa Refugio Lima Norte" }).closest("tr");
    // 48/62 = 77.4 %
    expect(lima?.textContent).toContain("77.4");
    expect(lima && within(lima).getByText("Mejor")).toBeTruthy();
  });

  it("marks perturbed values and explains them in English", () => {
    render(<DataTable rows={[safeAtFollowup]} caption="Follow-up" indicators={[followupInfo]} lang="en" />);
    const table = screen.getByRole("table");
    expect(table.textContent).toContain("(perturbed)");
    expect(table.textContent).toContain("Figures slightly altered to protect confidentiality");
    expect(within(table).getByText("Safe at follow-up")).toBeTruthy();
  });

  it("says a dash is suppressed only on suppressed rows; elsewhere the figure does not apply", () => {
    render(
      <DataTable
        rows={[womenServed, lengthOfStay, ...completedByShelter]}
        caption="c"
        indicators={[womenServedInfo, lengthOfStayInfo, completedStaysInfo]}
      />,
    );
    // A count has no interval and no denominator; length of stay has no numerator: not suppressed.
    const counts = screen.getAllByRole("rowheader", { name: "Total" }).map((th) => th.closest("tr"));
    for (const row of counts) {
      expect(row?.textContent).toContain("no aplica");
      expect(row?.textContent).not.toContain("suprimido");
    }
    const ayacucho = screen.getByRole("rowheader", { name: "Casa Refugio Ayacucho" }).closest("tr");
    const hidden = [...(ayacucho?.querySelectorAll(".rf-visually-hidden") ?? [])].map((e) => e.textContent);
    expect(hidden.filter((text) => text === "suprimido")).toHaveLength(4);
    expect(ayacucho?.textContent).not.toContain("no aplica");
  });

  it("reads not-applicable cells in English", () => {
    render(<DataTable rows={[womenServed]} caption="c" indicators={[womenServedInfo]} lang="en" />);
    const row = screen.getByRole("rowheader", { name: "Total" }).closest("tr");
    expect(row?.textContent).toContain("not applicable");
    expect(row?.textContent).not.toContain("suppressed");
  });
});
