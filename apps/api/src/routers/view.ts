// What every data procedure needs from the context: the caller's scope and audience, the
// deployment's k, and a cache keyed by all of them plus the data version.
import type { SessionUser } from "@refugio/schemas";
import { audienceFor, scopeFor, type Audience, type Scope } from "../auth/scope";
import { stableKey } from "../cache/lru";
import { once, versionedLookups, type Lookups } from "../db/lookups";
import { dataVersion } from "../db/migrations";
import type { Context } from "../trpc";

export interface View {
  user: SessionUser;
  scope: Scope;
  audience: Audience;
  k: number;
  /** The deployment's low-coverage threshold (REFUGIO_LOW_COVERAGE). */
  lowCoverage: number;
  /** The database's data version, read once per request. */
  version: () => Promise<number>;
  /** Facts about the database, read once per data version (db/lookups.ts). */
  lookups: Lookups;
}

export function viewOf(ctx: Context & { user: SessionUser }, requestedK?: number): View {
  // A caller may ask for a larger k (stricter), never a smaller one than the deployment's.
  const k = Math.max(ctx.config.REFUGIO_K, requestedK ?? 0);
  const version = once(() => dataVersion(ctx.conn));
  return {
    user: ctx.user,
    scope: scopeFor(ctx.user),
    audience: audienceFor(ctx.user),
    k,
    lowCoverage: ctx.config.REFUGIO_LOW_COVERAGE,
    version,
    lookups: versionedLookups(ctx.services.lookups, version),
  };
}

/** What the indicator service needs of a view: scope, audience, k, the low-coverage threshold and the look-ups. */
export function releaseOptions(view: View): { scope: Scope; audience: Audience; k: number; lowCoverage: number; lookups: Lookups } {
  return { scope: view.scope, audience: view.audience, k: view.k, lowCoverage: view.lowCoverage, lookups: view.lookups };
}

/** The data changed without a new data version (a recommendation update, a finding explained): forget what was kept. */
export function forgetCached(ctx: Context): void {
  ctx.services.cache.clear();
  ctx.services.lookups.clear();
}

/** Memoise a read-only result per (procedure, input, scope, audience, k, data version). */
export async function cached<T>(ctx: Context, view: View, procedure: string, input: unknown, fn: () => Promise<T>): Promise<T> {
  const key = stableKey([procedure, input ?? null, view.scope, view.audience, view.k, view.lowCoverage, await view.version()]);
  return (await ctx.services.cache.remember(key, fn)) as T;
}
