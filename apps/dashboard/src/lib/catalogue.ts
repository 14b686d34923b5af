// The indicator catalogue from the API: labels (es/en), units and allowed dimensions. Nothing
// about indicators is hard-coded in the dashboard except which ones a page headlines.
import { useQuery } from "@tanstack/react-query";
import type { IndicatorInfo, IndicatorUnit } from "@refugio/schemas";
import { trpc } from "./trpc";

export function useCatalogue() {
  return useQuery({ ...trpc.catalogue.indicators.queryOptions(), staleTime: Infinity });
}

export function byCode(catalogue: readonly IndicatorInfo[]): Map<string, IndicatorInfo> {
  return new Map(catalogue.map((i) => [i.code, i]));
}

/** The unit values are shown in: a ratio the catalogue reads as a share (occupancy) as a percentage. */
export function shownUnit(info: Pick<IndicatorInfo, "unit" | "display">): IndicatorUnit {
  return info.display === "percent" ? "proportion" : info.unit;
}

/** A stand-in entry for a code the catalogue does not list, so values still render. */
export function fallbackInfo(code: string): IndicatorInfo {
  return {
    code,
    label: { es: code, en: code },
    description: { es: "", en: "" },
    unit: "rate",
    polarity: "no_judgement",
    attribution: "",
    dimensions: [],
    source: "",
    target: null,
  };
}
