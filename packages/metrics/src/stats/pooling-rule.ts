// The small-unit rule (docs/methods.md §4): a unit too small to be judged in a period shorter
// than a year is judged on the pooled rolling window of the last four calendar quarters ending
// with the period, when that window reaches k; otherwise it is "no comparado / not compared",
// with the reason. One rule for every page that judges units (Compare; Benchmark and the
// overview read the same labels).
import { monthEnd, monthStart } from "../release/period";

/** Quarters in the pooled window. */
export const POOL_QUARTERS = 4;

export interface PoolWindow {
  from: string;
  to: string;
  quarters: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The last `quarters` calendar quarters ending with the quarter that holds the period's end, when
 * the period is shorter than that window; null when the period already spans it (nothing to gain
 * by pooling) or a bound is not a date.
 */
export function poolingWindow(period: { from: string; to: string }, quarters = POOL_QUARTERS): PoolWindow | null {
  const f = ISO.exec(period.from);
  const t = ISO.exec(period.to);
  if (!f || !t) return null;
  const [fy, fm, ty, tm] = [Number(f[1]), Number(f[2]), Number(t[1]), Number(t[2])];
  const months = (ty - fy) * 12 + (tm - fm) + 1;
  if (months >= quarters * 3) return null;
  const lastQuarterMonth = Math.ceil(tm / 3) * 3;
  return { from: monthStart(ty, lastQuarterMonth, -(quarters * 3 - 1)), to: monthEnd(ty, lastQuarterMonth), quarters };
}

export type JudgementBasis =
  | { basis: "period" }
  | { basis: "pooled"; window: PoolWindow }
  | { basis: "not_compared"; reason: { es: string; en: string } };

interface Judged {
  suppressed: boolean;
  suppression_reason: "primary" | "secondary" | null;
}

/**
 * On what a unit is judged: its own period when released there; the pooled window when it was
 * too small in the period (primary suppression) but the window's released figure is not
 * suppressed; else not compared, saying why.
 */
export function judgementBasis(k: number, inPeriod: Judged, window: PoolWindow | null, inWindow: Judged | null): JudgementBasis {
  if (!inPeriod.suppressed) return { basis: "period" };
  if (inPeriod.suppression_reason === "secondary") {
    return {
      basis: "not_compared",
      reason: {
        es: "oculto para proteger a una unidad pequeña (supresión complementaria)",
        en: "hidden to protect a small unit (complementary suppression)",
      },
    };
  }
  if (window && inWindow && !inWindow.suppressed) return { basis: "pooled", window };
  return {
    basis: "not_compared",
    reason: window
      ? {
          es: `menos de ${k} registros en el periodo y en la ventana agrupada de ${window.quarters} trimestres (${window.from} a ${window.to})`,
          en: `fewer than ${k} records in the period and in the pooled window of ${window.quarters} quarters (${window.from} to ${window.to})`,
        }
      : {
          es: `menos de ${k} registros en un periodo de un año o más: no se agrupa más`,
          en: `fewer than ${k} records in a period of a year or more: not pooled further`,
        },
  };
}
