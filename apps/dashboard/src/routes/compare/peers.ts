// Who a shelter is, beside its code: region and model (like is compared with like only when the
// reader sees both), and whether a comparison pools shelters of different models.
import { codeLists, type IndicatorResult } from "@refugio/schemas";

export interface ShelterFacts {
  shelter_code: string;
  region_code: string | null;
  model: string | null;
}

export function modelLabel(model: string | null, lang: "es" | "en"): string | null {
  if (model === null) return null;
  return codeLists.model.find((m) => m.code === model)?.[lang] ?? model;
}

/** The result with region and model added to its group, so every table and chart names them. */
export function withRegionAndModel(result: IndicatorResult, shelters: ReadonlyMap<string, ShelterFacts>, lang: "es" | "en"): IndicatorResult {
  const code = result.group.shelter;
  const facts = typeof code === "string" ? shelters.get(code) : undefined;
  if (!facts) return result;
  return {
    ...result,
    group: { ...result.group, region: facts.region_code, model: modelLabel(facts.model, lang) },
  };
}

/** Distinct models among the compared shelters (unknown shelters ignored), sorted. */
export function modelsCompared(results: readonly IndicatorResult[], shelters: ReadonlyMap<string, ShelterFacts>): string[] {
  const models = new Set<string>();
  for (const r of results) {
    const code = r.group.shelter;
    const m = typeof code === "string" ? shelters.get(code)?.model : null;
    if (m) models.add(m);
  }
  return [...models].sort();
}

/** Ranked: highest value first, suppressed and missing values last (their order kept). */
export function rankByValue<R extends { value: number | null; suppressed: boolean }>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => {
    const va = a.suppressed ? null : a.value;
    const vb = b.suppressed ? null : b.value;
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    return vb - va;
  });
}

