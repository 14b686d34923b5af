// Which registry shelters stand behind a result row: the ones the query's filters, the caller's
// scope and the row's own unit dimensions (shelter, network, region, country, model) leave in.
// Read by the result states (is any of them applicable?) and by submission coverage (how many
// were expected to report, and did?), so both count the same shelters for the same row.
import type { IndicatorQuery } from "@refugio/schemas";
import type { Scope } from "../auth/scope";

/** The registry columns that place a shelter in a unit. */
export interface RegistryUnit {
  shelter_code: string;
  network_code: string;
  country: string;
  region_code: string;
  model: string;
}

export type UnitKey = keyof RegistryUnit;

/** The registry column of each unit dimension of a result's group. */
export const GROUP_KEY: Readonly<Record<string, UnitKey>> = {
  shelter: "shelter_code",
  network: "network_code",
  country: "country",
  region: "region_code",
  model: "model",
};

// Country codes are compared whatever their case (ISO codes, written either way in registries).
const same = (key: UnitKey, a: string, b: string) => (key === "country" ? a.toUpperCase() === b.toUpperCase() : a === b);

/** The shelters that may stand behind a row: the query's filters, the caller's scope and the row's unit dimensions. */
export function sheltersBehind<T extends RegistryUnit>(shelters: readonly T[], q: IndicatorQuery, scope: Scope, group: Record<string, string | null>): T[] {
  return shelters.filter((s) => {
    if (scope.networks && !scope.networks.includes(s.network_code)) return false;
    if (scope.shelters && !scope.shelters.includes(s.shelter_code)) return false;
    if (q.shelter && s.shelter_code !== q.shelter) return false;
    if (q.network && s.network_code !== q.network) return false;
    if (q.region && s.region_code !== q.region) return false;
    if (q.country && !same("country", s.country, q.country)) return false;
    if (q.model && s.model !== q.model) return false;
    for (const [dim, value] of Object.entries(group)) {
      const key = GROUP_KEY[dim];
      if (key && value !== null && !same(key, s[key], value)) return false;
    }
    return true;
  });
}
