// Scope checks for procedure inputs, and the SQL filter that applies a scope. A caller naming a
// shelter, network, region or country outside their scope gets FORBIDDEN (not an empty list), so
// a mistake is visible and nothing about other shelters is implied by an empty answer.
import type { DuckDBConnection } from "@duckdb/node-api";
import { TRPCError } from "@trpc/server";
import type { SessionUser } from "@refugio/schemas";
import { all, one } from "../db/query";
import type { Scope } from "./scope";

export interface ScopeFilters {
  network?: string | undefined;
  shelter?: string | undefined;
  region?: string | undefined;
  country?: string | undefined;
}

const outOfScope = (what: string) =>
  new TRPCError({
    code: "FORBIDDEN",
    message: `Fuera de su ámbito: ${what} / Outside your scope: ${what}`,
  });

interface ShelterRow {
  shelter_code: string;
  network_code: string;
  country: string;
  region_code: string;
  model: string;
}

export async function shelterRow(conn: DuckDBConnection, code: string): Promise<ShelterRow | undefined> {
  return one<ShelterRow>(conn, `SELECT shelter_code, network_code, country, region_code, model FROM shelters WHERE shelter_code = $c`, { c: code });
}

/** Throws FORBIDDEN when any named filter lies outside the scope. Unrestricted scopes pass. */
export async function assertInScope(conn: DuckDBConnection, scope: Scope, f: ScopeFilters): Promise<void> {
  if (scope.shelters) {
    const own = await Promise.all(scope.shelters.map((s) => shelterRow(conn, s)));
    const rows = own.filter((r): r is ShelterRow => r !== undefined);
    if (f.shelter !== undefined && !scope.shelters.includes(f.shelter)) throw outOfScope(`shelter ${f.shelter}`);
    if (f.network !== undefined && !rows.some((r) => r.network_code === f.network)) throw outOfScope(`network ${f.network}`);
    if (f.region !== undefined && !rows.some((r) => r.region_code === f.region)) throw outOfScope(`region ${f.region}`);
    if (f.country !== undefined && !rows.some((r) => r.country === f.country)) throw outOfScope(`country ${f.country}`);
  }
  if (scope.networks) {
    if (f.network !== undefined && !scope.networks.includes(f.network)) throw outOfScope(`network ${f.network}`);
    if (f.shelter !== undefined) {
      const row = await shelterRow(conn, f.shelter);
      if (!row || !scope.networks.includes(row.network_code)) throw outOfScope(`shelter ${f.shelter}`);
    }
    if (f.region !== undefined || f.country !== undefined) {
      const { sql, params } = scopeWhere(scope, "s");
      const rows = await all<{ region_code: string; country: string }>(
        conn,
        `SELECT DISTINCT region_code, country FROM shelters s WHERE ${sql}`,
        params,
      );
      if (f.region !== undefined && !rows.some((r) => r.region_code === f.region)) throw outOfScope(`region ${f.region}`);
      if (f.country !== undefined && !rows.some((r) => r.country === f.country)) throw outOfScope(`country ${f.country}`);
    }
  }
}

/**
 * SQL condition restricting rows to a scope, for a table aliased `alias` that has
 * `shelter_code` (and `network_code` when `hasNetwork`; otherwise the registry is consulted).
 * Values travel as parameters; only the alias (a constant in our code) is spliced.
 */
export function scopeWhere(
  scope: Scope,
  alias: string,
  opts: { hasNetwork?: boolean; prefix?: string } = {},
): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const parts: string[] = [];
  const p = opts.prefix ?? "scope";
  const hasNetwork = opts.hasNetwork ?? true;
  if (scope.shelters) {
    const names = scope.shelters.map((s, i) => ((params[`${p}_s${i}`] = s), `$${p}_s${i}`));
    parts.push(names.length ? `${alias}.shelter_code IN (${names.join(", ")})` : "FALSE");
  }
  if (scope.networks) {
    const names = scope.networks.map((n, i) => ((params[`${p}_n${i}`] = n), `$${p}_n${i}`));
    const list = names.length ? names.join(", ") : "NULL";
    parts.push(
      hasNetwork
        ? `${alias}.network_code IN (${list})`
        : `${alias}.shelter_code IN (SELECT shelter_code FROM shelters WHERE network_code IN (${list}))`,
    );
  }
  return { sql: parts.length ? parts.join(" AND ") : "TRUE", params };
}

/** Is this shelter code inside the user's scope? (Registry lookup for network scopes.) */
export async function shelterInScope(conn: DuckDBConnection, scope: Scope, shelter: string): Promise<boolean> {
  if (scope.shelters && !scope.shelters.includes(shelter)) return false;
  if (scope.networks) {
    const row = await shelterRow(conn, shelter);
    return !!row && scope.networks.includes(row.network_code);
  }
  return true;
}

/** Actor name for the audit log. */
export const actorOf = (user: SessionUser) => user.username;
