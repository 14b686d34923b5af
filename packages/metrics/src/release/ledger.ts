// Which objects left the release engine. Every figure for an external audience must sit inside
// an object marked here (or derived from such objects through `deriveFrom`); the API checks each
// response for external callers against this ledger and refuses to send anything else. A WeakSet
// holds no object alive: cached responses keep their mark for as long as they exist.
const released = new WeakSet<object>();

/** Marks a released object (and returns it). */
export function markReleased<T extends object>(value: T): T {
  released.add(value);
  return value;
}

export function isReleased(value: unknown): boolean {
  return typeof value === "object" && value !== null && released.has(value);
}

/**
 * A statistic computed from released figures only (a funnel limit from a released benchmark and
 * a released denominator, quantiles of released peer values): every source must be a released
 * object, else this throws rather than let a figure from true values out.
 */
export function deriveFrom<T extends object>(sources: readonly unknown[], derive: () => T): T {
  const bad = sources.findIndex((s) => !isReleased(s));
  if (bad >= 0) throw new Error(`release: source ${bad} of a derived figure did not pass the release engine`);
  return markReleased(derive());
}

/** A path to a number in a response that no released object holds. */
export interface UnreleasedFigure {
  path: string;
  value: number;
}

/**
 * Every number in `value` that is not inside a released object, except under the paths in
 * `allow` (dot paths with `*` for any key or index, e.g. "benchmark.levels.*": constants of the
 * method, not figures about people).
 */
export function unreleasedFigures(value: unknown, allow: readonly string[] = []): UnreleasedFigure[] {
  const patterns = allow.map((a) => a.split("."));
  const allowed = (path: string[]) =>
    patterns.some((p) => p.length <= path.length && p.every((seg, i) => seg === "*" || seg === path[i]));
  const out: UnreleasedFigure[] = [];
  const walk = (v: unknown, path: string[]) => {
    if (typeof v === "number") {
      if (!allowed(path)) out.push({ path: path.join(".") || "(root)", value: v });
      return;
    }
    if (typeof v !== "object" || v === null || isReleased(v) || allowed(path)) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, String(i)]));
    else for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(value, []);
  return out;
}
