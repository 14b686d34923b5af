// @vitest-environment jsdom
import { act, fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithRouter } from "../test/render";
import { emptyReason } from "./EmptyState";
import { isEmptyAnswer, QueryState } from "./QueryState";

const answered = <T,>(data: T) => ({ data, error: null, isPending: false, refetch: () => undefined });

describe("emptyReason", () => {
  it("blames the period first, then the filters, else the scope", () => {
    expect(emptyReason({ from: "2030", network: "pe-aurora" })).toBe("period");
    expect(emptyReason({ network: "pe-aurora", grain: "month" })).toBe("filtered");
    expect(emptyReason({ grain: "month", indicator: "women_served" })).toBe("scope");
  });
});

describe("isEmptyAnswer", () => {
  it("is empty for no rows or rows of zero cases, not for a suppressed or a counted row", () => {
    expect(isEmptyAnswer([])).toBe(true);
    expect(isEmptyAnswer([{ indicator: "completed_stays", n: 0, value: null }])).toBe(true);
    expect(isEmptyAnswer([{ n: 0 }, { n: 3, suppressed: true }])).toBe(false);
    expect(isEmptyAnswer([{ n: null, suppressed: true }])).toBe(false);
    expect(isEmptyAnswer({ units: [{ result: { n: 0 } }] })).toBe(true);
    expect(isEmptyAnswer({ units: [{ result: { n: 12 } }] })).toBe(false);
    expect(isEmptyAnswer({ indicator: "x" })).toBe(false);
  });
});

describe("QueryState", () => {
  it("shows a skeleton of the right shape while loading", async () => {
    window.history.replaceState(null, "", "/");
    const { container } = await renderWithRouter(
      <QueryState query={{ data: undefined, error: null, isPending: true, refetch: () => undefined }} procedure="indicators.values">
        {() => <p>never</p>}
      </QueryState>,
    );
    expect(screen.getByRole("status", { name: "Cargando…" })).toBeTruthy();
    expect(container.querySelector('[data-skeleton="cards"]')).not.toBeNull();
  });

  it("says why figures are empty and offers the way out (the period here), in the reader's language", async () => {
    window.history.replaceState(null, "", "/trends?from=2030&to=2031&grain=month");
    await renderWithRouter(
      <QueryState query={answered([])} procedure="indicators.trend">
        {() => <p>never</p>}
      </QueryState>,
      "en",
    );
    expect(screen.getByText("No data for the chosen period (2030–2031).")).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "See the whole period" }));
      await Promise.resolve();
    });
    expect(window.location.search).toBe("?grain=month");
  });

  it("leaves lists that are empty to their page", async () => {
    window.history.replaceState(null, "", "/upload");
    await renderWithRouter(
      <QueryState query={answered([])} procedure="ingest.history">
        {(rows) => <p>{rows.length} uploads</p>}
      </QueryState>,
    );
    expect(screen.getByText("0 uploads")).toBeTruthy();
  });
});
