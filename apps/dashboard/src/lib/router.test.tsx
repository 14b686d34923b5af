// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { renderWithRouter } from "../test/render";
import { hrefKeepingFilters, Link, parseSearch, setQuery, stringifySearch, useFilters } from "./router";

function Probe() {
  const filters = useFilters();
  return (
    <>
      <output data-testid="filters">{JSON.stringify(filters)}</output>
      <Link to="/trends" keepFilters>
        trends
      </Link>
    </>
  );
}

const shown = () => JSON.parse(screen.getByTestId("filters").textContent ?? "{}") as Record<string, string>;

describe("URL filters", () => {
  beforeEach(() => {
    window.history.replaceState(null, "", "/compare?network=pe-aurora&from=2019&to=3024&grain=week&by=region");
  });

  it("reads the filters validated by the shared schema: invalid values are dropped, not sent", async () => {
    await renderWithRouter(<Probe />);
    expect(shown()).toEqual({ network: "pe-aurora", from: "2019", by: "region" });
  });

  it("pushes a filter change (Back undoes it) and drops what the schema refuses", async () => {
    const { router } = await renderWithRouter(<Probe />);
    await act(async () => {
      setQuery({ network: "co-bogota", grain: "quarter", to: "not-a-year" });
      await router.load();
    });
    // Navigation settles asynchronously: wait for the view rather than for a fixed time.
    await waitFor(() => expect(shown()).toEqual({ network: "co-bogota", from: "2019", by: "region", grain: "quarter" }));
    expect(window.location.search).toBe("?network=co-bogota&from=2019&grain=quarter&by=region");
    await act(async () => {
      router.history.back();
    });
    await waitFor(() => expect(shown().network).toBe("pe-aurora"));
  });

  it("links to another page keep the shared filters only (not the page's own, such as by)", async () => {
    await renderWithRouter(<Probe />);
    const link = screen.getByRole("link", { name: "trends" });
    expect(link.getAttribute("href")).toBe("/trends?network=pe-aurora&from=2019");
    await act(async () => {
      fireEvent.click(link);
      await Promise.resolve();
    });
    expect(window.location.pathname).toBe("/trends");
    expect(window.location.search).toBe("?network=pe-aurora&from=2019");
  });
});

describe("search text", () => {
  it("writes plain values (no JSON quotes) and reads them back", () => {
    expect(stringifySearch({ from: "2019", network: "pe-aurora", empty: "", none: undefined })).toBe("?from=2019&network=pe-aurora");
    expect(parseSearch("?from=2019&network=pe-aurora")).toEqual({ from: "2019", network: "pe-aurora" });
    expect(hrefKeepingFilters("/", { method: "normal", model: "hrt" })).toBe("/?model=hrt");
  });
});
