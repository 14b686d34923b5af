// Primary + complementary (secondary) suppression over a table with additive constraints.
import { recoverableCells } from "./audit";
import { DEFAULT_K, checkK, isPrimary } from "./primary";
import type { Cell, CellDecision, Constraint } from "./types";

/** Order in which visible cells are sacrificed: least information lost first. */
function cheaper(a: Cell, b: Cell): number {
  const sizeA = a.denominator ?? a.numerator ?? 0;
  const sizeB = b.denominator ?? b.numerator ?? 0;
  if (sizeA !== sizeB) return sizeA - sizeB;
  const countA = a.numerator ?? 0;
  const countB = b.numerator ?? 0;
  if (countA !== countB) return countA - countB;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Visible part to hide next in a constraint (or its total when no part is left), or undefined. */
function complementFor(c: Constraint, hidden: ReadonlySet<string>, byId: ReadonlyMap<string, Cell>): Cell | undefined {
  const parts = c.parts
    .filter((id) => !hidden.has(id) && id !== c.total)
    .map((id) => byId.get(id))
    .filter((x): x is Cell => x !== undefined)
    .sort(cheaper);
  if (parts[0]) return parts[0];
  return hidden.has(c.total) ? undefined : byId.get(c.total);
}

function validate(cells: readonly Cell[], constraints: readonly Constraint[]): Map<string, Cell> {
  const byId = new Map<string, Cell>();
  for (const c of cells) {
    if (byId.has(c.id)) throw new Error(`suppression: duplicate cell id "${c.id}"`);
    byId.set(c.id, c);
  }
  for (const c of constraints) {
    for (const id of [c.total, ...c.parts]) {
      if (!byId.has(id)) throw new Error(`suppression: constraint refers to unknown cell "${id}"`);
    }
  }
  return byId;
}

/**
 * Decide which cells to hide. Returns one decision per cell, in input order.
 *
 * 1. Primary: `isPrimary` (counts 1 … k−1, rates with denominator 1 … k−1); cells in
 *    `options.hidden` start hidden as secondary.
 * 2. Secondary, to a fixpoint: any constraint with exactly one hidden member gets a second one,
 *    the visible part with the smallest denominator (then count, then id); the total if no part is left.
 * 3. Audit: the one-hidden rule is not enough when constraints overlap (e.g. rows and columns,
 *    or nested totals), so the linear auditor is run and, while a hidden cell is still
 *    recoverable, the cheapest visible member of a constraint containing it is hidden too and
 *    step 2 is repeated. The loop only ever hides more cells, so it terminates.
 */
export function suppressCells(
  cells: readonly Cell[],
  constraints: readonly Constraint[],
  options: { k?: number; hidden?: Iterable<string> } = {},
): CellDecision[] {
  const k = options.k ?? DEFAULT_K;
  checkK(k);
  const byId = validate(cells, constraints);
  const reason = new Map<string, "primary" | "secondary">();
  for (const c of cells) if (isPrimary(c, k)) reason.set(c.id, "primary");
  // Cells hidden for a reason outside this table (e.g. the attrition counts of a suppressed
  // row): the search must treat them as hidden so their complements are chosen too.
  for (const id of options.hidden ?? []) {
    if (!byId.has(id)) throw new Error(`suppression: hidden cell "${id}" is not in the table`);
    if (!reason.has(id)) reason.set(id, "secondary");
  }
  const hidden = new Set(reason.keys());
  const hide = (cell: Cell) => {
    hidden.add(cell.id);
    reason.set(cell.id, "secondary");
  };

  const fixpoint = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const c of constraints) {
        const members = new Set([c.total, ...c.parts]);
        let n = 0;
        for (const id of members) if (hidden.has(id)) n++;
        if (n !== 1) continue;
        const next = complementFor(c, hidden, byId);
        if (next) {
          hide(next);
          changed = true;
        }
      }
    }
  };

  const stuck = new Set<string>();
  for (;;) {
    fixpoint();
    const published = cells.map((c) => c.id).filter((id) => !hidden.has(id));
    const leak = recoverableCells(cells, constraints, published).find((id) => !stuck.has(id));
    if (leak === undefined) break;
    const candidates = constraints
      .filter((c) => c.total === leak || c.parts.includes(leak))
      .map((c) => complementFor(c, hidden, byId))
      .filter((x): x is Cell => x !== undefined)
      .sort(cheaper);
    const next = candidates[0];
    // Nothing visible left around it: the leak comes from the constraints themselves
    // (e.g. a total equal to one of its own parts); more hiding cannot help.
    if (next) hide(next);
    else stuck.add(leak);
  }

  return cells.map((c) => {
    const r = reason.get(c.id) ?? null;
    return { id: c.id, suppressed: r !== null, reason: r };
  });
}
