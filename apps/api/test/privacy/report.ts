// Scoring: which estimates hit a small cell (true count 1..k−1), how many were exact or within ±1,
// how often agreeing routes are right, and the table `npm run test:privacy` prints.
import { cellId, type Estimate, type Ledger, type Role } from "./attacker";
import type { TruthTable } from "./truth";

/**
 * The perturbation's own chance of an exact hit. A difference of two independently perturbed
 * counts (each with noise −2…+2 from Binomial(4, ½) − 2: 16, 64, 96, 64, 16 of 256 cell keys) is
 * exact when the two noises are equal: Σ p² = (16² + 64² + 96² + 64² + 16²) / 256² = 17920 / 65536
 * ≈ 0.273. A route that does better than that is exploiting something other than luck.
 */
export const CHANCE = 17920 / 65536;

/**
 * Allowed exact rate for `attacked` cells: CHANCE + 3 standard deviations of a binomial rate
 * under CHANCE. A route that really is at chance exceeds it with probability ≈ 0.1 % (normal
 * approximation, one-sided), so a deterministic run fails only on a real leak; 3 sd rather than
 * 2 because the table holds ~24 route × role rows per world and we do not want one in 20 runs of
 * a correct engine to fail by luck (the seeds are fixed, so a failure would then be permanent).
 */
export const allowedRate = (attacked: number) => CHANCE + 3 * Math.sqrt((CHANCE * (1 - CHANCE)) / attacked);

/** Fewest attacked cells for which 100 % exact recovery is read as "built on an unperturbed figure" (chance: 0.273⁵ ≈ 0.15 %). */
export const UNPERTURBED_MIN = 5;

export interface Scored extends Estimate {
  truth: number;
  count: number;
  exact: boolean;
  within1: boolean;
}

export interface Row {
  route: string;
  role: Role;
  attacked: number;
  exact: number;
  within1: number;
  rate: number | null;
  requests: number;
  refused: number;
  blocked: boolean;
  refusal: string | null;
}

export async function score(ledger: Ledger, truth: TruthTable, k: number): Promise<Scored[]> {
  const out: Scored[] = [];
  const seen = new Set<string>();
  for (const e of ledger.estimates) {
    // One estimate per route, role and cell (the first): a route that reaches a cell twice is not counted twice.
    const key = `${e.route}|${e.role}|${cellId(e.cell)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const t = await truth.of(e.cell);
    if (!(t.count >= 1 && t.count <= k - 1)) continue;
    const est = Math.round(e.value);
    out.push({ ...e, truth: t.value, count: t.count, exact: Math.abs(e.value - t.value) < 1e-6, within1: Math.abs(est - t.value) <= 1 });
  }
  return out;
}

export function table(ledger: Ledger, scored: Scored[], routes: readonly { route: string; role: Role }[]): Row[] {
  return routes.map(({ route, role }) => {
    const mine = scored.filter((s) => s.route === route && s.role === role);
    const log = ledger.logs.get(`${route}|${role}`);
    const exact = mine.filter((s) => s.exact).length;
    const requests = log?.requests ?? 0;
    const refused = log?.refused ?? 0;
    return {
      route,
      role,
      attacked: mine.length,
      exact,
      within1: mine.filter((s) => s.within1).length,
      rate: mine.length > 0 ? exact / mine.length : null,
      requests,
      refused,
      blocked: requests > 0 && refused === requests,
      refusal: log?.refusal ?? null,
    };
  });
}

/**
 * Cells that two or more routes estimated (same role): where the routes agree on a value, how
 * often that value is right. If agreement certified the answer the attacker would know which of
 * its estimates to trust.
 */
/**
 * Quantities the attacker knows to be the same count under another name: exits in a period are
 * completed_stays' denominator, self_esteem_improved's coverage.eligible and length_of_stay's n.
 * (Keyed with the true value too, so only cells that really are equal are merged.)
 */
function canonical(s: Scored): string {
  const c = s.cell;
  const exits = (c.indicator === "self_esteem_improved" && c.field === "eligible") || (c.indicator === "length_of_stay" && c.field === "n");
  const id = exits ? cellId({ ...c, indicator: "completed_stays", field: "denominator" }) : cellId(c);
  return `${s.role}|${id}|${s.truth}`;
}

export function agreement(scored: Scored[]): { cells: number; agreeing: number; right: number } {
  const byCell = new Map<string, Scored[]>();
  for (const s of scored) {
    const key = canonical(s);
    byCell.set(key, [...(byCell.get(key) ?? []), s]);
  }
  let cells = 0;
  let agreeing = 0;
  let right = 0;
  for (const list of byCell.values()) {
    const routes = new Set(list.map((s) => s.route));
    if (routes.size < 2) continue;
    cells += 1;
    const values = new Set(list.map((s) => Math.round(s.value)));
    if (values.size !== 1) continue;
    agreeing += 1;
    if (list[0]?.exact) right += 1;
  }
  return { cells, agreeing, right };
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

export function formatTable(world: string, rows: Row[]): string {
  const head = `${pad("route", 36)}${pad("role", 14)}${lpad("attacked", 9)}${lpad("exact", 7)}${lpad("±1", 6)}${lpad("rate", 7)}${lpad("limit", 7)}  blocked (refused/requests)`;
  const lines = [`privacy attacks on the ${world} database (cells with true count 1..k−1; chance of an exact hit ${CHANCE.toFixed(3)})`, head, "-".repeat(head.length + 6)];
  for (const r of rows) {
    const rate = r.rate === null ? "-" : r.rate.toFixed(3);
    const limit = r.attacked > 0 ? Math.min(1, allowedRate(r.attacked)).toFixed(3) : "-";
    const blocked = r.blocked ? `BLOCKED (${r.refused}/${r.requests})` : r.refused > 0 ? `partly (${r.refused}/${r.requests})` : `no (0/${r.requests})`;
    lines.push(`${pad(r.route, 36)}${pad(r.role, 14)}${lpad(String(r.attacked), 9)}${lpad(String(r.exact), 7)}${lpad(String(r.within1), 6)}${lpad(rate, 7)}${lpad(limit, 7)}  ${blocked}`);
  }
  return lines.join("\n");
}
