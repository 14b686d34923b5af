// How each small unit was judged (docs/methods.md §4): on the pooled window of the last four
// quarters, labelled with its dates and value, or not compared, with the reason.
import { ComparisonBadge, formatInterval, formatValue, type Lang } from "@refugio/ui";
import type { Comparison, IndicatorInfo } from "@refugio/schemas";

export type Basis =
  | { basis: "period" }
  | { basis: "pooled"; window: { from: string; to: string; quarters: number } }
  | { basis: "not_compared"; reason: { es: string; en: string } };

export interface PooledUnit {
  label: string;
  basis: Basis;
  comparison: Comparison | null;
  pooled?: { value: number | null; ci_low: number | null; ci_high: number | null } | null;
}

const words = {
  title: { es: "Unidades pequeñas", en: "Small units" },
  pooled: { es: "juzgada en la ventana agrupada de {q} trimestres", en: "judged on the pooled window of {q} quarters" },
  notCompared: { es: "no comparada", en: "not compared" },
};

export function PoolingNotes({ units, info, lang }: { units: PooledUnit[]; info: IndicatorInfo; lang: Lang }) {
  const shown = units.filter((u) => u.basis.basis !== "period");
  if (shown.length === 0) return null;
  return (
    <section className="notice" aria-label={words.title[lang]} data-testid="pooling-notes">
      <h3>{words.title[lang]}</h3>
      <ul>
        {shown.map((u) => (
          <li key={u.label} data-unit={u.label} data-basis={u.basis.basis}>
            <strong>{u.label}</strong>:{" "}
            {u.basis.basis === "pooled" ? (
              <>
                {words.pooled[lang].replace("{q}", String(u.basis.window.quarters))} ({u.basis.window.from} – {u.basis.window.to})
                {u.pooled?.value != null ? `: ${formatValue(u.pooled.value, info.unit, lang)}` : null}
                {u.pooled ? ` ${formatInterval(u.pooled.ci_low, u.pooled.ci_high, info.unit, lang) ?? ""}` : null}{" "}
                <ComparisonBadge comparison={u.comparison} lang={lang} />
              </>
            ) : u.basis.basis === "not_compared" ? (
              <>
                {words.notCompared[lang]} — {u.basis.reason[lang]}
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
