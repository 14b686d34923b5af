import type { Comparison, Polarity } from "@refugio/schemas";
import { comparisonText } from "../ComparisonBadge/ComparisonBadge";
import type { Lang } from "../i18n";
import { VisuallyHidden } from "../internal/VisuallyHidden";

export interface SpineRange {
  min: number;
  p25: number;
  p50: number;
  p75: number;
  max: number;
}

export interface SpineRow {
  code: string;
  label: string;
  /** The unit's own value (null: not shown, `ownText` says why). */
  own: number | null;
  /** The own value formatted in its unit, or why it is missing. */
  ownText: string;
  /** The peers' median formatted, or why there is no distribution. */
  medianText: string;
  peers: SpineRange | null;
  polarity: Polarity;
  judgement: Comparison;
}

export interface SpineChartProps {
  /** What the chart shows, e.g. "hrt-01 frente a los refugios de su red". */
  title: string;
  rows: readonly SpineRow[];
  lang?: Lang;
}

/**
 * Where a value sits on a row's spine (0..1): the peers' median in the middle, the farther of
 * min and max at an end; mirrored when lower is better, so better is always to the right.
 */
export function spinePosition(value: number, range: SpineRange, polarity: Polarity): number {
  const half = Math.max(range.p50 - range.min, range.max - range.p50);
  const x = half === 0 ? 0.5 : 0.5 + (value - range.p50) / (2 * half);
  const clamped = Math.min(1, Math.max(0, x));
  return polarity === "lower_is_better" ? 1 - clamped : clamped;
}

const words = {
  indicator: { es: "Indicador", en: "Indicator" },
  value: { es: "Valor", en: "Value" },
  median: { es: "Mediana de pares", en: "Peers' median" },
  spine: { es: "Posición entre pares", en: "Position among peers" },
  legend: {
    es: "Barra: rango de los pares (claro: mínimo a máximo; oscuro: mitad central); línea: mediana; marca: el valor propio (círculo mejor, cuadrado similar, triángulo peor, rombo sin juicio). Mejor hacia la derecha en los indicadores con sentido.",
    en: "Bar: the peers' range (light: minimum to maximum; dark: middle half); line: median; mark: own value (circle better, square similar, triangle worse, diamond no judgement). Better to the right for indicators with a direction.",
  },
} as const;

const W = 220;
const H = 22;
const PAD = 8;

function Marker({ x, judgement }: { x: number; judgement: Comparison }) {
  const cx = PAD + x * (W - 2 * PAD);
  const cy = H / 2;
  const cls = `rf-spine__mark rf-spine__mark--${judgement}`;
  switch (judgement) {
    case "better":
      return <circle className={cls} cx={cx} cy={cy} r={6} data-shape="circle" />;
    case "similar":
      return <rect className={cls} x={cx - 5.5} y={cy - 5.5} width={11} height={11} data-shape="square" />;
    case "worse":
      return <path className={cls} d={`M ${cx} ${cy - 7} L ${cx + 7} ${cy + 6} L ${cx - 7} ${cy + 6} Z`} data-shape="triangle" />;
    case "not_compared":
      return <path className={cls} d={`M ${cx} ${cy - 7} L ${cx + 7} ${cy} L ${cx} ${cy + 7} L ${cx - 7} ${cy} Z`} data-shape="diamond" />;
  }
}

/**
 * A spine chart (Fingertips' area profile): one unit across many indicators, each against the
 * range of its peers on its own scale, median centred. A table, so screen readers read the
 * figures; the spine itself is drawn for the eye and described in words per row.
 */
export function SpineChart({ title, rows, lang = "es" }: SpineChartProps) {
  return (
    <figure className="rf-chart rf-spine">
      <div className="rf-table-scroll" role="region" aria-label={title} tabIndex={0}>
        <table className="rf-table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{words.indicator[lang]}</th>
              <th scope="col" className="rf-num">{words.value[lang]}</th>
              <th scope="col" className="rf-num">{words.median[lang]}</th>
              <th scope="col">{words.spine[lang]}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const p = r.peers;
              const at = (v: number) => PAD + (p ? spinePosition(v, p, r.polarity) : 0.5) * (W - 2 * PAD);
              const span = (a: number, b: number) => [Math.min(at(a), at(b)), Math.abs(at(b) - at(a))] as const;
              const [fullX, fullW] = p ? span(p.min, p.max) : [0, 0];
              const [midX, midW] = p ? span(p.p25, p.p75) : [0, 0];
              return (
                <tr key={r.code} data-indicator={r.code} data-judgement={r.judgement}>
                  <th scope="row">{r.label}</th>
                  <td className="rf-num">{r.ownText}</td>
                  <td className="rf-num">{r.medianText}</td>
                  <td>
                    {p ? (
                      <>
                        <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false" className="rf-spine__svg">
                          <rect className="rf-spine__range" x={fullX} y={5} width={Math.max(1, fullW)} height={H - 10} />
                          <rect className="rf-spine__middle" x={midX} y={5} width={Math.max(1, midW)} height={H - 10} />
                          <line className="rf-spine__median" x1={at(p.p50)} x2={at(p.p50)} y1={2} y2={H - 2} />
                          {r.own === null ? null : <Marker x={spinePosition(r.own, p, r.polarity)} judgement={r.judgement} />}
                        </svg>
                        <VisuallyHidden>{comparisonText(r.judgement, lang)}</VisuallyHidden>
                      </>
                    ) : (
                      <span className="rf-spine__none">—</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="rf-chart__note">{words.legend[lang]}</p>
    </figure>
  );
}
