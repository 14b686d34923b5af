// Periods an external audience may ask for. Arbitrary date windows let a reader difference two
// overlapping periods (two end dates one day apart give the people present that day), so for
// researchers and shelter peers a window is whole calendar units: one month, one quarter, or a
// run of whole years. Finer periods are only reachable as groups of a released table (by month
// or quarter), where every cell is perturbed with its own cell key. Runs of whole quarters are
// admitted too, so a short window can be pooled over the last four quarters (stats/pooling-rule.ts).
import { ReleaseError } from "./errors";

export type ReleasePeriodKind = "month" | "quarter" | "quarters" | "years";

export interface ReleasePeriod {
  from: string;
  to: string;
  kind: ReleasePeriodKind;
  /** Whole months in the window. */
  months: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string): { y: number; m: number; d: number } | null {
  const m = ISO.exec(date);
  if (!m) return null;
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, "0");
/** First day of the month `months` after (y, m) (months may be negative). */
export function monthStart(y: number, m: number, months = 0): string {
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-01`;
}
/** Last day of the month `months` after (y, m). */
export function monthEnd(y: number, m: number, months = 0): string {
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  const yy = t.getUTCFullYear();
  const mm = t.getUTCMonth() + 1;
  return `${yy}-${pad(mm)}-${pad(lastDay(yy, mm))}`;
}

/**
 * The window as released, or a ReleaseError saying why it is refused. Open bounds take the whole
 * years of the data (`dataFrom`, `dataTo`: the first and last dates stored).
 */
export function releasePeriod(from: string | undefined, to: string | undefined, data: { from: string; to: string }): ReleasePeriod {
  const f = parts(from ?? `${data.from.slice(0, 4)}-01-01`);
  const t = parts(to ?? `${data.to.slice(0, 4)}-12-31`);
  if (!f || !t) throw new ReleaseError("Periodo no válido: use fechas AAAA-MM-DD", "Invalid period: use YYYY-MM-DD dates");
  const why = {
    es: "para lectores externos el periodo es un mes, o trimestres o años completos del calendario (p. ej. 2024-01-01 a 2024-03-31, o 2021-01-01 a 2024-12-31)",
    en: "for external readers a period is one calendar month, or whole calendar quarters or years (e.g. 2024-01-01 to 2024-03-31, or 2021-01-01 to 2024-12-31)",
  };
  if (f.d !== 1 || t.d !== lastDay(t.y, t.m)) {
    throw new ReleaseError(`Periodo no admitido (${from ?? "…"} a ${to ?? "…"}): ${why.es}`, `Period not allowed (${from ?? "…"} to ${to ?? "…"}): ${why.en}`);
  }
  const months = (t.y - f.y) * 12 + (t.m - f.m) + 1;
  const span = { from: monthStart(f.y, f.m), to: monthEnd(t.y, t.m) };
  if (months === 1) return { ...span, kind: "month", months };
  if (months > 0 && months % 3 === 0 && (f.m - 1) % 3 === 0) {
    return { ...span, kind: months === 3 ? "quarter" : months % 12 === 0 && f.m === 1 ? "years" : "quarters", months };
  }
  throw new ReleaseError(`Periodo no admitido (${span.from} a ${span.to}): ${why.es}`, `Period not allowed (${span.from} to ${span.to}): ${why.en}`);
}
