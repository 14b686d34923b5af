import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import {
  CartesianGrid,
  ComposedChart,
  LabelList,
  Legend,
  Line,
  ReferenceLine,
  Scatter,
  XAxis,
  YAxis,
} from "recharts";
import { type Bilingual, formatCount, formatTick, formatValue, groupText, type Lang } from "../i18n";
import { ChartFigure, SummaryTable } from "../internal/ChartFigure";
import { chartColors, chartFont, type ChartWidth, imageChartProps } from "../internal/chartTheme";
import { type FunnelLimitPoint, type FunnelPosition, funnelPosition } from "./funnelLimits";

export interface FunnelPlotProps {
  /** One result per unit compared (usually shelters); x = denominator, y = value. */
  results: IndicatorResult[];
  info: Pick<IndicatorInfo, "label" | "unit">;
  /** Pooled value θ (centre line). */
  target: number;
  /** Control-limit curves as points, computed by the caller, sorted or not. */
  limits: FunnelLimitPoint[];
  /** How the limits were computed; stated under the chart (INDICATORS.md asks for it). */
  limitMethod?: "exact_binomial" | "normal_approximation" | "exact_poisson";
  /**
   * What the axes hold when they are not (denominator, value): the case-mix-adjusted funnel puts
   * the expected count on x and O/E on y, around a centre line of 1 (`target`). Values are then
   * shown as plain ratios.
   */
  axes?: { x: Bilingual; y: Bilingual; centre: Bilingual };
  title?: string;
  groupLabel?: (result: IndicatorResult) => string;
  lang?: Lang;
  width?: ChartWidth;
  height?: number;
}

const positionText: Record<FunnelPosition, Bilingual> = {
  above998: { es: "por encima del límite 99,8 %", en: "above the 99.8 % limit" },
  above95: { es: "por encima del límite 95 %", en: "above the 95 % limit" },
  within: { es: "dentro de los límites", en: "within the limits" },
  below95: { es: "por debajo del límite 95 %", en: "below the 95 % limit" },
  below998: { es: "por debajo del límite 99,8 %", en: "below the 99.8 % limit" },
};

const methodText: Record<NonNullable<FunnelPlotProps["limitMethod"]>, Bilingual> = {
  exact_binomial: { es: "límites binomiales exactos", en: "exact binomial limits" },
  normal_approximation: {
    es: "aproximación normal θ ± z·√(θ(1−θ)/n)",
    en: "normal approximation θ ± z·√(θ(1−θ)/n)",
  },
  exact_poisson: { es: "límites de Poisson exactos alrededor de O/E = 1", en: "exact Poisson limits around O/E = 1" },
};

/** A label's box in chart pixels. */
export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where a label goes so it overlaps none already placed: its wanted spot, else moved down (then
 * up) a line at a time. Labels are placed in drawing order; `placed` grows.
 */
export function placeLabel(placed: LabelBox[], wanted: LabelBox): LabelBox {
  const hits = (b: LabelBox) => placed.some((p) => b.x < p.x + p.width && p.x < b.x + b.width && b.y < p.y + p.height && p.y < b.y + b.height);
  for (let step = 0; step < 40; step += 1) {
    const offset = (step % 2 === 1 ? 1 : -1) * Math.ceil(step / 2) * wanted.height;
    const box = { ...wanted, y: wanted.y + offset };
    if (!hits(box)) {
      placed.push(box);
      return box;
    }
  }
  placed.push(wanted);
  return wanted;
}

/**
 * Names beside outlying points; plain SVG text so long names never wrap into the symbol. Labels
 * of one drawing share `placed`, so a label that would cover another moves to a free line, with
 * a thin leader back to its point.
 */
function pointLabelFor(placed: LabelBox[]) {
  return function pointLabel(props: { viewBox?: unknown; value?: unknown }) {
    const vb = (props.viewBox ?? {}) as { x?: number; y?: number; width?: number; height?: number };
    const x = (vb.x ?? 0) + (vb.width ?? 0) + 6;
    const y = (vb.y ?? 0) + (vb.height ?? 0) / 2;
    const text = String(props.value ?? "");
    // About 7 px per character at the chart's 12 px font: enough to keep neighbours apart.
    const box = placeLabel(placed, { x, y: y - 7, width: text.length * 7, height: 14 });
    const ty = box.y + 7;
    return (
      <g>
        {ty === y ? null : <line x1={x - 4} y1={y} x2={x} y2={ty} stroke={chartColors.text} strokeWidth={0.75} />}
        <text x={x} y={ty} dy="0.32em" {...chartFont}>
          {text}
        </text>
      </g>
    );
  };
}

/** A round axis end (1, 2, 2.5, 5 × 10^k) at or above v, so the denominator axis has readable ticks. */
function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * p >= v) ?? 10;
  return step * p;
}

interface Point {
  key: string;
  label: string;
  denominator: number;
  value: number;
  position: FunnelPosition;
}

/** Funnel plot: units far from the pooled value for their size stand out by shape and label, not colour. */
export function FunnelPlot({
  results,
  info,
  target,
  limits,
  limitMethod,
  axes,
  title,
  groupLabel,
  lang = "es",
  width = 640,
  height = 400,
}: FunnelPlotProps) {
  const nameOf = groupLabel ?? ((r: IndicatorResult) => groupText(r.group, lang));
  const points: Point[] = [];
  let hidden = 0;
  results.forEach((r, i) => {
    if (r.suppressed || r.value === null || r.denominator === null) {
      hidden += 1;
      return;
    }
    points.push({
      key: `${i}`,
      label: nameOf(r),
      denominator: r.denominator,
      value: r.value,
      position: funnelPosition(limits, r.denominator, r.value),
    });
  });
  const within = points.filter((p) => p.position === "within");
  const out95 = points.filter((p) => p.position === "above95" || p.position === "below95");
  const out998 = points.filter((p) => p.position === "above998" || p.position === "below998");
  const sortedLimits = [...limits].sort((a, b) => a.denominator - b.denominator);
  const caption = title ?? info.label[lang];
  const es = lang === "es";
  const fmt = (v: number) => (axes ? formatValue(v, "rate", lang) : formatValue(v, info.unit, lang));
  const xName = axes ? axes.x[lang] : es ? "Denominador" : "Denominator";
  const yName = axes ? axes.y[lang] : es ? "Valor" : "Value";
  const maxX = Math.max(0, ...points.map((p) => p.denominator), ...sortedLimits.map((l) => l.denominator));
  const yDomain: [number, number] | undefined = info.unit === "proportion" && !axes ? [0, 1] : undefined;

  // One set of placed labels per drawing (see pointLabelFor).
  const pointLabel = pointLabelFor([]);
  const names = {
    within: es ? "Dentro de los límites (círculo)" : "Within limits (circle)",
    out95: es ? "Fuera del 95 % (triángulo)" : "Outside 95 % (triangle)",
    out998: es ? "Fuera del 99,8 % (rombo)" : "Outside 99.8 % (diamond)",
    l95: es ? "Límites 95 %" : "95 % limits",
    l998: es ? "Límites 99,8 %" : "99.8 % limits",
  };

  return (
    <ChartFigure
      title={caption}
      lang={lang}
      notes={
        <p className="rf-chart__note">
          {axes
            ? es
              ? `Eje horizontal: ${axes.x.es}; eje vertical: ${axes.y.es}. Línea central: ${axes.centre.es} = ${fmt(target)}.`
              : `Horizontal axis: ${axes.x.en}; vertical axis: ${axes.y.en}. Centre line: ${axes.centre.en} = ${fmt(target)}.`
            : es
              ? `Eje horizontal: denominador; eje vertical: valor. Línea central: valor agrupado θ = ${fmt(target)}.`
              : `Horizontal axis: denominator; vertical axis: value. Centre line: pooled value θ = ${fmt(target)}.`}
          {limitMethod ? ` ${es ? "Límites de control" : "Control limits"}: ${methodText[limitMethod][lang]}.` : null}
          {hidden > 0
            ? es
              ? ` ${formatCount(hidden, lang)} ${hidden === 1 ? "unidad suprimida no se muestra" : "unidades suprimidas no se muestran"}.`
              : ` ${formatCount(hidden, lang)} suppressed ${hidden === 1 ? "unit is" : "units are"} not shown.`
            : null}
        </p>
      }
      table={
        <SummaryTable
          caption={caption}
          headers={[es ? "Unidad" : "Unit", yName, xName, es ? "Posición" : "Position"]}
          rows={points.map((p) => ({
            key: p.key,
            cells: [p.label, fmt(p.value), axes ? formatValue(p.denominator, "rate", lang) : formatCount(p.denominator, lang), positionText[p.position][lang]],
          }))}
        />
      }
    >
      <ComposedChart
        {...imageChartProps(width, height)}
        margin={{ top: 16, right: 120, bottom: 24, left: 8 }}
        aria-label={
          es
            ? `${caption}: gráfico de embudo de ${points.length} unidades; ${out95.length + out998.length} fuera de los límites 95 %, de ellas ${out998.length} fuera del 99,8 %. Detalle en la tabla de datos.`
            : `${caption}: funnel plot of ${points.length} units; ${out95.length + out998.length} outside the 95 % limits, ${out998.length} of them outside 99.8 %. Details in the data table.`
        }
      >
        <CartesianGrid stroke={chartColors.grid} />
        <XAxis
          type="number"
          dataKey="denominator"
          domain={[0, niceCeil(maxX * 1.05)]}
          tick={chartFont}
          tickFormatter={(v: number) => formatCount(v, lang)}
          label={{ value: xName, position: "insideBottom", offset: -12, ...chartFont }}
        />
        <YAxis
          type="number"
          dataKey="value"
          domain={yDomain ?? ["auto", "auto"]}
          tick={chartFont}
          tickFormatter={(v: number) => (axes ? formatValue(v, "rate", lang) : formatTick(v, info.unit, lang))}
          width={56}
        />
        <ReferenceLine y={target} stroke={chartColors.benchmark} strokeWidth={2} />
        <Line data={sortedLimits} dataKey="upper95" name={names.l95} stroke={chartColors.limit95} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
        <Line data={sortedLimits} dataKey="lower95" name={names.l95} legendType="none" stroke={chartColors.limit95} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
        <Line data={sortedLimits} dataKey="upper998" name={names.l998} stroke={chartColors.limit998} strokeWidth={1.5} dot={false} isAnimationActive={false} />
        <Line data={sortedLimits} dataKey="lower998" name={names.l998} legendType="none" stroke={chartColors.limit998} strokeWidth={1.5} dot={false} isAnimationActive={false} />
        <Scatter data={within} dataKey="value" name={names.within} legendType="circle" shape="circle" fill={chartColors.similar} isAnimationActive={false} />
        <Scatter data={out95} dataKey="value" name={names.out95} legendType="triangle" shape="triangle" fill={chartColors.series} isAnimationActive={false}>
          <LabelList dataKey="label" content={pointLabel} />
        </Scatter>
        <Scatter data={out998} dataKey="value" name={names.out998} legendType="diamond" shape="diamond" fill={chartColors.limit998} isAnimationActive={false}>
          <LabelList dataKey="label" content={pointLabel} />
        </Scatter>
        <Legend verticalAlign="bottom" wrapperStyle={{ fontSize: 12, paddingTop: 16 }} />
      </ComposedChart>
    </ChartFigure>
  );
}
