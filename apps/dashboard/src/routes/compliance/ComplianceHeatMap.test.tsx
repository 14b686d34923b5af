// @vitest-environment jsdom
import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithLang } from "../../test/render";
import { tableCounts } from "./ComplianceDetail";
import { ComplianceHeatMap, type ComplianceRow } from "./ComplianceHeatMap";

const part = (met: number, applicable: number) => ({ met, applicable, share: applicable > 0 ? met / applicable : null });
function row(shelter: string, a1: [number, number], valid = true): ComplianceRow {
  return {
    shelter_code: shelter,
    network_code: "mx-red",
    assessed_on: "2025-03-01",
    valid_until: "2027-03-01",
    valid,
    tables: { A1: part(...a1), A2: part(5, 5), A3: part(0, 0), A4: part(3, 4), A5: part(1, 2) },
    overall: part(a1[0] + 9, a1[1] + 11),
  };
}

describe("ComplianceHeatMap", () => {
  it("colours every cell on the scale, prints its figure, marks expired checks and sorts by a table", () => {
    renderWithLang(<ComplianceHeatMap rows={[row("cr-1", [9, 10]), row("cr-2", [2, 10], false), row("cr-3", [6, 10])]} networkName={(c) => c} open={null} onToggle={() => undefined} />);
    const table = screen.getByTestId("compliance-heatmap");
    const r1 = table.querySelector('tr[data-shelter="cr-1"]') as HTMLElement;
    const a1 = r1.querySelectorAll("td")[2] as HTMLElement;
    expect(a1.className).toContain("heat--3");
    expect(a1.textContent).toMatch(/^90\s?%9\/10$/);
    // A3 has no applicable item: said in words, not a blank or 0 %.
    within(r1).getAllByText("no aplica: ningún ítem aplicable");
    const expired = table.querySelector('tr[data-shelter="cr-2"]') as HTMLElement;
    expect(expired.dataset.expired).toBe("true");
    within(expired).getByText(/Vencido el/);
    fireEvent.click(within(screen.getByRole("columnheader", { name: /A1/ })).getByRole("button"));
    expect(screen.getAllByRole("rowheader").map((h) => h.textContent)).toEqual(["cr-2", "cr-3", "cr-1"]);
  });
});

describe("tableCounts", () => {
  it("counts applicable (met + not met) and not-applicable items per table", () => {
    const item = (table: "A1" | "A2", item_no: number, result: "yes" | "no" | "na") => ({ assessed_on: "2025-03-01", table, item_no, result, text: null });
    const c = tableCounts([item("A1", 1, "yes"), item("A1", 2, "no"), item("A1", 3, "na"), item("A1", 4, "na"), item("A2", 1, "no")], "A1");
    expect({ applicable: c.applicable, met: c.met, unmet: c.unmet, na: c.notApplicable }).toEqual({ applicable: 2, met: 1, unmet: 1, na: 2 });
    expect(c.unmetItems.map((i) => i.item_no)).toEqual([2]);
  });
});
