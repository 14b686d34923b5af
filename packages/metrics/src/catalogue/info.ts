// What clients see of a definition: everything but the SQL.
import type { IndicatorInfo } from "@refugio/schemas";
import type { IndicatorDefinition } from "./types";

export function indicatorInfo(def: IndicatorDefinition): IndicatorInfo {
  return {
    code: def.code,
    label: { ...def.label },
    description: { ...def.description },
    unit: def.unit,
    polarity: def.polarity,
    attribution: def.attribution,
    dimensions: [...def.dimensions],
    source: def.source,
    target: def.target,
    ...(def.display ? { display: def.display } : {}),
    ...(def.caseMix ? { caseMix: [...def.caseMix] } : {}),
  };
}
