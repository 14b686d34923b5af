import { describe, expect, it } from "vitest";
import { parseDashboardSearch, sharedSearch } from "./search";

describe("parseDashboardSearch", () => {
  it("keeps valid filters and reads a year given as a number as its text", () => {
    expect(parseDashboardSearch({ network: "pe-aurora", from: 2019, to: "2024", grain: "quarter", by: "region", adjust: "1", pooled: "1" })).toEqual({
      network: "pe-aurora",
      from: "2019",
      to: "2024",
      grain: "quarter",
      by: "region",
      adjust: "1",
      pooled: "1",
    });
    // Pooling every model is Compare's explicit choice, "1" or nothing.
    expect(parseDashboardSearch({ pooled: "yes", model: "hrt" })).toEqual({ model: "hrt" });
  });

  it("drops each invalid value on its own, keeping the rest, and never throws", () => {
    expect(
      parseDashboardSearch({
        network: "pe aurora; drop table",
        from: "19",
        to: "3024",
        grain: "week",
        indicator: "completed_stays",
        method: ["exact"],
        unknown: "x",
      }),
    ).toEqual({ indicator: "completed_stays" });
    expect(parseDashboardSearch(null)).toEqual({});
    expect(parseDashboardSearch("?from=2019")).toEqual({});
  });
});

describe("sharedSearch", () => {
  it("keeps only the filters that mean the same on every page", () => {
    expect(sharedSearch({ network: "co-bogota", from: "2020", by: "region", peers: "model", pooled: "1", indicator: "women_served" })).toEqual({
      network: "co-bogota",
      from: "2020",
      indicator: "women_served",
    });
  });
});
