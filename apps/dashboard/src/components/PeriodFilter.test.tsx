// @vitest-environment jsdom
import { act, fireEvent, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { LangSwitch, renderWithRouter } from "../test/render";
import { PeriodFilter, periodFieldProblems, periodProblem, usePeriod } from "./PeriodFilter";

describe("periodProblem", () => {
  it("finds a reversed range only when both years are given", () => {
    expect(periodProblem("2024", "2023")).toBe("reversed");
    expect(periodProblem("2023", "2024")).toBeNull();
    expect(periodProblem("2023", "2023")).toBeNull();
    expect(periodProblem("", "2023")).toBeNull();
    expect(periodProblem("2024", "")).toBeNull();
  });
});

describe("PeriodFilter", () => {
  beforeEach(() => {
    window.history.replaceState(null, "", "/compare?indicator=completed_stays");
  });

  it("refuses a reversed range in the form, with an accessible error, and sends nothing", async () => {
    await renderWithRouter(
      <>
        <LangSwitch />
        <PeriodFilter />
      </>,
    );
    const from = screen.getByLabelText("Desde (año)");
    const to = screen.getByLabelText("Hasta (año)");
    fireEvent.change(from, { target: { value: "2024" } });
    fireEvent.change(to, { target: { value: "2023" } });
    fireEvent.click(screen.getByRole("button", { name: "Aplicar" }));

    // The error sits on the year to correct ("Hasta"), tied to it; "Desde" is not marked.
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("«Hasta (año)» no puede ser anterior a «Desde (año)»");
    expect(to.getAttribute("aria-invalid")).toBe("true");
    expect(to.getAttribute("aria-describedby")).toBe(alert.id);
    expect(from.getAttribute("aria-invalid")).toBeNull();
    expect(from.getAttribute("aria-describedby")).toBeNull();
    expect(document.activeElement).toBe(to);
    // Nothing applied: the URL (which the queries read) is unchanged.
    expect(window.location.search).toBe("?indicator=completed_stays");

    fireEvent.click(screen.getByRole("button", { name: "English" }));
    expect(screen.getByRole("alert").textContent).toContain("“To (year)” cannot be earlier than “From (year)”");

    // Correcting the years clears the error and applies.
    fireEvent.change(screen.getByLabelText("To (year)"), { target: { value: "2024" } });
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByLabelText("To (year)").getAttribute("aria-invalid")).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Apply" }));
      await Promise.resolve();
    });
    expect(new URLSearchParams(window.location.search).get("from")).toBe("2024");
    expect(new URLSearchParams(window.location.search).get("to")).toBe("2024");
  });

  it("does not send a reversed range from a shared link, and says why", async () => {
    window.history.replaceState(null, "", "/compare?from=2024&to=2023");
    let sent: ReturnType<typeof usePeriod> | null = null;
    function Probe() {
      sent = usePeriod();
      return null;
    }
    await renderWithRouter(
      <>
        <Probe />
        <PeriodFilter />
      </>,
    );
    expect(sent).toEqual({});
    expect(screen.getByRole("alert").textContent).toContain("no puede ser anterior");
  });

  it("refuses years that have not started (2030–2031) or before 2000, and sends nothing", async () => {
    window.history.replaceState(null, "", "/?from=2030&to=2031");
    let sent: ReturnType<typeof usePeriod> | null = null;
    function Probe() {
      sent = usePeriod();
      return null;
    }
    await renderWithRouter(
      <>
        <Probe />
        <PeriodFilter />
      </>,
    );
    expect(sent).toEqual({});
    // Both years are outside the range: each field carries its own error.
    const alerts = screen.getAllByRole("alert");
    expect(alerts).toHaveLength(2);
    for (const [label, alert] of [["Desde (año)", alerts[0]], ["Hasta (año)", alerts[1]]] as const) {
      expect(alert?.textContent).toContain(`Los años van de 2000 a ${new Date().getUTCFullYear()}`);
      expect(screen.getByLabelText(label).getAttribute("aria-describedby")).toBe(alert?.id);
    }
    expect(periodProblem("1999", "")).toBe("out_of_range");
    expect(periodProblem("", String(new Date().getUTCFullYear() + 1))).toBe("out_of_range");
    expect(periodProblem("2020", "2024")).toBeNull();
  });

  it("marks only the year outside the range, focuses it, and clears it when corrected", async () => {
    await renderWithRouter(<PeriodFilter />);
    const from = screen.getByLabelText("Desde (año)");
    const to = screen.getByLabelText("Hasta (año)");
    fireEvent.change(from, { target: { value: "1990" } });
    fireEvent.change(to, { target: { value: "2022" } });
    fireEvent.click(screen.getByRole("button", { name: "Aplicar" }));
    const alert = screen.getByRole("alert");
    expect(from.getAttribute("aria-describedby")).toBe(alert.id);
    expect(to.getAttribute("aria-invalid")).toBeNull();
    expect(document.activeElement).toBe(from);
    expect(window.location.search).toBe("?indicator=completed_stays");
    fireEvent.change(from, { target: { value: "2020" } });
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("periodFieldProblems", () => {
  it("puts a range error on the field outside it, a reversed range on «to»", () => {
    expect(periodFieldProblems("2024", "2023", 2026)).toEqual({ from: null, to: "reversed" });
    expect(periodFieldProblems("1999", "2030", 2026)).toEqual({ from: "out_of_range", to: "out_of_range" });
    expect(periodFieldProblems("2020", "2027", 2026)).toEqual({ from: null, to: "out_of_range" });
    expect(periodFieldProblems("", "", 2026)).toEqual({ from: null, to: null });
  });
});
