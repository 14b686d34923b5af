// The attacker's side: an HTTP client signed in as an external role, and the bookkeeping of what
// each route estimated. Nothing here reads the database: every estimate comes from API answers.
// Answers are read defensively (the release engine may null fields, add fields, perturb coverage
// or refuse periods): a missing, null or non-finite number is "no information".
import type { IndicatorResult } from "@refugio/schemas";
import { type ApiClient, signedIn } from "../api/client";

/** What a target cell is: one quantity of one indicator over one period, for one shelter (or all). */
export type Field =
  | "numerator"
  | "denominator"
  | "n"
  | "eligible"
  | "missing"
  /** People present on one day (occupancy place-days of a one-day window). */
  | "present"
  /** Sum of the lengths of stay (days) of the exits in the cell. */
  | "sum"
  /** Occupied place-days over the cell's period. */
  | "place_days";

export interface CellRef {
  indicator: string;
  field: Field;
  from: string;
  to: string;
  /** null: the whole network the attacker sees. */
  shelter: string | null;
}

export const cellId = (c: CellRef) => `${c.indicator}|${c.field}|${c.from}|${c.to}|${c.shelter ?? "*"}`;

export type Role = "researcher" | "shelter peer";

export interface Estimate {
  route: string;
  role: Role;
  cell: CellRef;
  value: number;
}

export interface RouteLog {
  route: string;
  role: Role;
  requests: number;
  refused: number;
  /** First refusal message, to show why a route is blocked. */
  refusal: string | null;
}

/** Collects estimates and request outcomes of every route. */
export class Ledger {
  estimates: Estimate[] = [];
  logs = new Map<string, RouteLog>();

  log(route: string, role: Role): RouteLog {
    const key = `${route}|${role}`;
    let l = this.logs.get(key);
    if (!l) {
      l = { route, role, requests: 0, refused: 0, refusal: null };
      this.logs.set(key, l);
    }
    return l;
  }

  add(route: string, role: Role, cell: CellRef, value: number | null): void {
    if (value === null || !Number.isFinite(value)) return;
    this.estimates.push({ route, role, cell, value });
  }
}

/** A finite number, or null ("no information"). */
export const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

export const stat = (r: IndicatorResult | undefined, name: string): number | null => num(r?.stats?.[name]);

export const coverage = (r: IndicatorResult | undefined, name: "eligible" | "missing"): number | null => num(r?.coverage?.[name]);

/** A count field of a row: the field itself, else (numerator only) value × denominator. */
export function field(r: IndicatorResult | undefined, f: Field): number | null {
  if (!r) return null;
  switch (f) {
    case "numerator": {
      const x = num(r.numerator);
      if (x !== null) return x;
      const v = num(r.value);
      const d = num(r.denominator);
      return v !== null && d !== null ? v * d : null;
    }
    case "denominator":
      return num(r.denominator);
    case "n":
      return num(r.n);
    case "eligible":
    case "missing":
      return coverage(r, f);
    default:
      return null;
  }
}

export const groupOf = (r: IndicatorResult, dim: string): string | null => {
  const g = r.group?.[dim];
  return typeof g === "string" ? g : null;
};
export const isTotal = (r: IndicatorResult) => Object.keys(r.group ?? {}).length === 0;

/** An external user of the API: every call goes over HTTP and is logged against a route. */
export class Attacker {
  private constructor(
    readonly role: Role,
    private readonly client: ApiClient,
    readonly ledger: Ledger,
  ) {}

  static async signIn(url: string, username: string, password: string, role: Role, ledger: Ledger): Promise<Attacker> {
    return new Attacker(role, await signedIn(url, username, password), ledger);
  }

  /** The answer, or null when the server refused the request (counted against the route). */
  async call<T>(route: string, path: string, input: unknown): Promise<T | null> {
    const log = this.ledger.log(route, this.role);
    log.requests += 1;
    const r = await this.client.query<T>(path, input);
    if (r.status === 200 && r.data !== undefined) return r.data;
    log.refused += 1;
    log.refusal ??= `${r.status} ${r.error?.data?.code ?? ""}: ${r.error?.message ?? r.raw.slice(0, 200)}`;
    // Only a refusal of this request (bad input, forbidden) is an answer; anything else is a bug.
    if (r.status >= 500) throw new Error(`${path} failed: ${r.status} ${r.raw.slice(0, 300)}`);
    return null;
  }

  values(route: string, input: Record<string, unknown>): Promise<IndicatorResult[] | null> {
    return this.call<IndicatorResult[]>(route, "indicators.values", input);
  }

  trend(route: string, input: Record<string, unknown>): Promise<IndicatorResult[] | null> {
    return this.call<IndicatorResult[]>(route, "indicators.trend", input);
  }

  add(route: string, cell: CellRef, value: number | null): void {
    this.ledger.add(route, this.role, cell, value);
  }
}

// ---- periods ----

const DAY = 86_400_000;
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (iso: string, d: number) => isoDay(Date.parse(`${iso}T00:00:00Z`) + d * DAY);
export const daysIn = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;
/** Element i, or an error (the suite builds these lists itself: a miss is a bug). */
export function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`no element ${i}`);
  return x;
}
export const firstYear = (years: readonly number[]) => at(years, 0);
export const lastYear = (years: readonly number[]) => at(years, years.length - 1);

export const yearSpan = (a: number, b: number) => ({ from: `${a}-01-01`, to: `${b}-12-31` });
export function monthSpan(year: number, month: number): { from: string; to: string; key: string } {
  const mm = String(month).padStart(2, "0");
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${last}`, key: `${year}-${mm}` };
}
export function quarterSpan(year: number, q: number): { from: string; to: string; key: string; months: number[] } {
  const m0 = (q - 1) * 3 + 1;
  return { from: monthSpan(year, m0).from, to: monthSpan(year, m0 + 2).to, key: `${year}-Q${q}`, months: [m0, m0 + 1, m0 + 2] };
}
