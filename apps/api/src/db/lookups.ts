// What an indicator request reads about the database besides its figures: the query state (views,
// horizon, secret, cells), the data's bounds, the shelter registry and the load periods behind
// the reporting counts. They change only when the data do, so the server reads each once per data
// version. At 1 M stays these five look-ups were 8–12 ms of a 33–57 ms Compare request whose
// figures took 11–13 ms (issue 18).
//
// Correct because every write that changes them bumps the data version (loads, registry imports,
// the demo) or clears the server's caches (a recommendation update, which moves the data's
// bounds); an entry is read after its version, so it is never older than its key.
import { stableKey, type LruCache } from "../cache/lru";

export interface Lookups {
  /** `read()`'s answer for `key` under the current data version, read once per version. */
  get<T>(key: readonly unknown[], read: () => Promise<T>): Promise<T>;
}

/** No memo: every call reads (the CLI, tests, one-off computations). */
export const readEveryTime: Lookups = { get: (_key, read) => read() };

/**
 * Look-ups memoised in `store` under the data version, which `version` reads once (the request's
 * first look-up asks for it). Never holds figures, only facts about the database that no caller
 * sees as they are.
 */
export function versionedLookups(store: LruCache, version: () => Promise<number>): Lookups {
  return {
    async get<T>(key: readonly unknown[], read: () => Promise<T>): Promise<T> {
      return (await store.remember(stableKey([await version(), ...key]), read)) as T;
    },
  };
}

/** A function's answer, asked for once (a request's data version). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | null = null;
  return () => (answer ??= fn());
}
