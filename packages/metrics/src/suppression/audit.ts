// Disclosure auditor: which hidden cells can be computed exactly from what is published?
// A hidden cell is recoverable when its unit vector lies in the row space of the constraint
// matrix restricted to the hidden columns (the published cells move to the right-hand side).
import type { Cell, Constraint, Quantity } from "./types";

const TOL = 1e-9;

/** Does the constraint hold for this quantity? (Counts have no denominator system.) */
export function constraintApplies(c: Constraint, q: Quantity, byId: ReadonlyMap<string, Cell>): boolean {
  if (c.applies) return c.applies.includes(q);
  if (q === "numerator") return true;
  return [c.total, ...c.parts].every((id) => {
    const cell = byId.get(id);
    return cell !== undefined && cell.kind === "rate" && cell.denominator !== null;
  });
}

/** Hidden cells whose value is uniquely determined in one quantity's linear system. */
function recoverableIn(
  constraints: readonly Constraint[],
  hidden: readonly string[],
  q: Quantity,
  byId: ReadonlyMap<string, Cell>,
): Set<string> {
  const col = new Map(hidden.map((id, i) => [id, i]));
  const width = hidden.length;
  const rows: number[][] = [];
  for (const c of constraints) {
    if (!constraintApplies(c, q, byId)) continue;
    const row = new Array<number>(width).fill(0);
    const add = (id: string, v: number) => {
      const j = col.get(id);
      if (j !== undefined) row[j] = (row[j] ?? 0) + v;
    };
    add(c.total, 1);
    for (const p of c.parts) add(p, -1);
    if (row.some((v) => Math.abs(v) > TOL)) rows.push(row);
  }
  // Reduced row echelon form with partial pivoting.
  const pivotOfRow: number[] = [];
  let r = 0;
  for (let j = 0; j < width && r < rows.length; j++) {
    let best = r;
    for (let i = r + 1; i < rows.length; i++) {
      if (Math.abs(rows[i]?.[j] ?? 0) > Math.abs(rows[best]?.[j] ?? 0)) best = i;
    }
    const pivotRow = rows[best];
    const pv = pivotRow?.[j] ?? 0;
    if (!pivotRow || Math.abs(pv) <= TOL) continue;
    const current = rows[r];
    if (current) [rows[r], rows[best]] = [pivotRow, current];
    for (let jj = 0; jj < width; jj++) pivotRow[jj] = (pivotRow[jj] ?? 0) / pv;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (i === r || !row) continue;
      const f = row[j] ?? 0;
      if (Math.abs(f) <= TOL) continue;
      for (let jj = 0; jj < width; jj++) row[jj] = (row[jj] ?? 0) - f * (pivotRow[jj] ?? 0);
    }
    pivotOfRow[r] = j;
    r++;
  }
  const pivots = new Set(pivotOfRow);
  const out = new Set<string>();
  // Pivot variable x_j is determined iff its reduced row has no weight on any free column.
  for (let i = 0; i < r; i++) {
    const j = pivotOfRow[i];
    const row = rows[i];
    if (j === undefined || !row) continue;
    let determined = true;
    for (let jj = 0; jj < width; jj++) {
      if (!pivots.has(jj) && Math.abs(row[jj] ?? 0) > TOL) {
        determined = false;
        break;
      }
    }
    const id = hidden[j];
    if (determined && id !== undefined) out.add(id);
  }
  return out;
}

/**
 * Ids of hidden cells (cells not in `published`) that anyone could compute exactly from the
 * published cells and the constraints, in the numerator or the denominator system. Sorted.
 * A safe table returns []. Bounds (e.g. "between 0 and 3") are not checked, only exact recovery.
 */
export function recoverableCells(
  cells: readonly Cell[],
  constraints: readonly Constraint[],
  published: ReadonlySet<string> | readonly string[],
): string[] {
  const pub = published instanceof Set ? published : new Set(published as readonly string[]);
  const byId = new Map(cells.map((c) => [c.id, c]));
  const hidden = cells.map((c) => c.id).filter((id) => !pub.has(id));
  const found = new Set<string>();
  for (const q of ["numerator", "denominator"] as const) {
    for (const id of recoverableIn(constraints, hidden, q, byId)) found.add(id);
  }
  return [...found].sort();
}
