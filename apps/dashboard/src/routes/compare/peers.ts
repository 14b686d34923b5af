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


/**
 * Which shelters a comparison ranks together (issue 15: like with like by default).
 * - `model`, chosen: the reader picked a model (?model=hrt).
 * - `model`, not chosen: the page's default when the scope spans several models — the model with
 *   the most shelters in scope (ties: the first code), because ranking Bogotá's houses against
 *   Peru's HRT says more about the models than about the shelters.
 * - `pooled`: every model together, only when asked for (?pooled=1) and only if there are several.
 * - `single`: one model (or none known) in scope, nothing to choose; no filter is sent.
 */
export type PeerGroup = { kind: "model"; model: string; chosen: boolean; shelters: number } | { kind: "pooled"; models: string[] } | { kind: "single" };

export function peerGroupOf(
  search: { model?: string | undefined; pooled?: string | undefined },
  shelters: readonly { model: string | null }[],
): PeerGroup {
  const counts = new Map<string, number>();
  for (const s of shelters) if (s.model) counts.set(s.model, (counts.get(s.model) ?? 0) + 1);
  if (search.model) return { kind: "model", model: search.model, chosen: true, shelters: counts.get(search.model) ?? 0 };
  const models = [...counts.keys()].sort();
  if (models.length < 2) return { kind: "single" };
  if (search.pooled === "1") return { kind: "pooled", models };
  const [model, n] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] as [string, number];
  return { kind: "model", model, chosen: false, shelters: n };
}
