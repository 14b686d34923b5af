import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import {
  Bar,
  CartesianGrid,
  Cell,
  ComposedChart,
  ErrorBar,
  ReferenceLine,
  XAxis,
  YAxis,
  type YAxisTickContentProps,
} from "recharts";
import { comparisonText } from "../ComparisonBadge/ComparisonBadge";
import {
  ciLabel,
  defaultK,
  formatCount,
  formatInterval,
  formatTick,
  formatValue,
  groupText,
  type Lang,
  resultMissingText,
} from "../i18n";
import { ChartFigure, SummaryTable } from "../internal/ChartFigure";
import { chartColors, chartFont, type ChartWidth, comparisonColor, imageChartProps } from "../internal/chartTheme";
import { axisColumns, fitLabel, useChartWidth } from "../internal/useChartWidth";

export interface IntervalChartProps {
  /** One result per group (shelter, region…), in display order. */
  results: IndicatorResult[];
  info: Pick<IndicatorInfo, "label" | "unit">;
  /** Caption; defaults to the indicator label. */
  title?: string;
  /** Reference value drawn as a vertical line (e.g. the network's pooled value). */
  benchmark?: number | null;
  /** Name of the reference, e.g. "Red" / "Network". */
  benchmarkLabel?: string;
  /** How to name a group; defaults to its values joined. */
  groupLabel?: (result: IndicatorResult) => string;
  lang?: Lang;
  k?: number;
  /** Pixels, or a percentage to follow the container (needs a sized container; jsdom has none). */
  width?: ChartWidth;
  /** Defaults to 40 px per group plus axes. */
  height?: number;
}

interface Row {
  key: string;
  label: string;
  value: number | null;
  /** Distances below and above the value, as ErrorBar wants them. */
  err: [number, number] | null;
  result: IndicatorResult;
}

/** Category tick: the group's name, plus a second line when its value is suppressed (the gap's label). */
function YTick({ x, y, index, payload, rows, suppressedText, room }: YAxisTickContentProps & {
  rows: Row[];
  suppressedText: (r: IndicatorResult) => string;
  /** Pixels the names may take (labels are cut to fit on narrow screens, whole in the table). */
  room: number;
}) {
  // Category ticks come one per row, in order; the index finds the row even if two labels repeat.
  const row = rows[index];
  const suppressed = row ? row.value === null : false;
  return (
    <g transform={`translate(${Number(x)},${Number(y)})`}>
      <text x={-6} y={suppressed ? -3 : 0} dy="0.32em" textAnchor="end" {...chartFont}>
        {fitLabel(String(payload.value), room)}
      </text>
      {suppressed && row ? (
        <text x={-6} y={11} dy="0.32em" textAnchor="end" fontSize={11} fill={chartColors.similar} fontStyle="italic">
          {fitLabel(`— ${suppressedText(row.result)}`, room)}
        </text>
      ) : null}
    </g>
  );
}

// Axis ends for proportions and their tick step: evenly spaced, whole-percent ticks (never
// "0 % 25 % 50 % 90 %"); the first end at or above the largest value drawn is used.
const proportionScales: readonly (readonly [max: number, step: number])[] = [
  [0.05, 0.01],
  [0.1, 0.02],
  [0.2, 0.05],
  [0.25, 0.05],
  [0.4, 0.1],
  [0.5, 0.1],
  [0.6, 0.2],
  [0.8, 0.2],
  [1, 0.25],
];

/** A 0–max proportion axis with nice, evenly spaced ticks that covers `maxValue` (capped at 100 %). */
export function proportionAxis(maxValue: number): { max: number; ticks: number[] } {
  const [max, step] = proportionScales.find(([end]) => end >= maxValue - 1e-9) ?? [1, 0.25];
  const count = Math.round(max / step);
  // Rounded to whole hundredths of a percent: no 0.30000000000000004.
  const ticks = Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 10_000) / 10_000);
  return { max, ticks };
}

/** Value per group with 95 % whiskers and a benchmark line; suppressed groups stay as labelled gaps. */
export function IntervalChart({
  results,
  info,
  title,
  benchmark = null,
  benchmarkLabel,
  groupLabel,
  lang = "es",
  k = defaultK,
  width = 640,
  height,
}: IntervalChartProps) {
  const nameOf = groupLabel ?? ((r: IndicatorResult) => groupText(r.group, lang));
  const rows: Row[] = results.map((r, i) => {
    const shown = !r.suppressed && r.value !== null;
    const value = shown ? r.value : null;
    const err: Row["err"] =
      value !== null && r.ci_low !== null && r.ci_high !== null ? [value - r.ci_low, r.ci_high - value] : null;
    return { key: `${i}`, label: nameOf(r), value, err, result: r };
  });
  const suppressedShort = (r: IndicatorResult) =>
    r.suppression_reason === "secondary"
      ? lang === "es"
        ? "suprimido (secundaria)"
        : "suppressed (secondary)"
      : lang === "es"
        ? `suprimido (n < ${k})`
        : `suppressed (n < ${k})`;
  const highs = results.flatMap((r) => (r.suppressed ? [] : [r.ci_high ?? r.value ?? 0]));
  const maxX = Math.max(benchmark ?? 0, ...highs, 0);
  const axis = info.unit === "proportion" ? proportionAxis(maxX) : null;
  const chartHeight = height ?? 48 + rows.length * 40;
  const refName = benchmarkLabel ?? (lang === "es" ? "Referencia" : "Benchmark");
  const caption = title ?? info.label[lang];
  const fmt = (v: number) => formatValue(v, info.unit, lang);
  // On a phone the axis columns shrink so the bars keep at least 40 % of the width.
  const { ref: sizeRef, px } = useChartWidth<HTMLDivElement>(width);
  const columns = axisColumns(px, { names: 190, values: 150 });

  return (
    <ChartFigure
      title={caption}
      lang={lang}
      notes={
        <p className="rf-chart__note">
          {lang === "es" ? `Barras: valor; bigotes: ${ciLabel(lang)}.` : `Bars: value; whiskers: ${ciLabel(lang)}.`}
          {benchmark !== null
            ? lang === "es"
              ? ` Línea vertical discontinua: ${refName} (${fmt(benchmark)}).`
              : ` Dashed vertical line: ${refName} (${fmt(benchmark)}).`
            : null}
        </p>
      }
      table={
        <SummaryTable
          caption={caption}
          headers={
            lang === "es"
              ? ["Grupo", "Valor", ciLabel(lang), "n", "Comparación"]
              : ["Group", "Value", ciLabel(lang), "n", "Comparison"]
          }
          rows={rows.map((row) => ({
            key: row.key,
            cells: [
              row.label,
              row.value === null ? resultMissingText(row.result, k, lang) : fmt(row.value),
              row.value === null ? "—" : (formatInterval(row.result.ci_low, row.result.ci_high, info.unit, lang) ?? "—"),
              row.value === null || row.result.n === null ? "—" : formatCount(row.result.n, lang),
              comparisonText(row.value === null ? "not_compared" : row.result.comparison, lang, benchmark !== null ? refName : undefined),
            ],
          }))}
        />
      }
    >
      <div ref={sizeRef}>
      <ComposedChart
        layout="vertical"
        data={rows}
        {...imageChartProps(width, chartHeight)}
        margin={{ top: 20, right: 8, bottom: 8, left: 8 }}
        aria-label={
          lang === "es"
            ? `${caption}: gráfico de intervalos de ${rows.length} grupos; los valores están en la tabla de datos.`
            : `${caption}: interval chart of ${rows.length} groups; values are in the data table.`
        }
      >
        <CartesianGrid horizontal={false} stroke={chartColors.grid} />
        <XAxis
          type="number"
          domain={[0, axis ? axis.max : "auto"]}
          {...(axis ? { ticks: axis.ticks, interval: 0 as const } : {})}
          tickFormatter={(v: number) => formatTick(v, info.unit, lang)}
          tick={chartFont}
        />
        <YAxis
          type="category"
          dataKey="label"
          width={columns.names}
          interval={0}
          tick={(p: YAxisTickContentProps) => <YTick {...p} rows={rows} suppressedText={suppressedShort} room={columns.names - 8} />}
        />
        {/* Right-hand axis as a column of value labels: never overlaps the whiskers. */}
        <YAxis
          yAxisId="values"
          orientation="right"
          type="category"
          dataKey="label"
          width={columns.values}
          interval={0}
          axisLine={false}
          tickLine={false}
          tick={(p: YAxisTickContentProps) => {
            const row = rows[p.index];
            const label =
              // Narrow: the value only (the comparison is in the bar's colour, the table and the list).
              row && row.value !== null ? (columns.narrow ? formatTick(row.value, info.unit, lang) : `${fmt(row.value)} · ${comparisonText(row.result.comparison, lang)}`) : "—";
            return (
              <text x={Number(p.x) + 6} y={Number(p.y)} dy="0.32em" textAnchor="start" {...chartFont}>
                {label}
              </text>
            );
          }}
        />
        <Bar dataKey="value" barSize={16} isAnimationActive={false}>
          {rows.map((row) => (
            // Light fill + solid outline: the whisker stays readable on the bar, the edge keeps 3:1 contrast.
            <Cell
              key={row.key}
              fill={comparisonColor(row.result.comparison)}
              fillOpacity={0.3}
              stroke={comparisonColor(row.result.comparison)}
              strokeWidth={1.5}
            />
          ))}
          <ErrorBar dataKey="err" direction="x" width={8} stroke={chartColors.text} strokeWidth={1.5} isAnimationActive={false} />
        </Bar>
        {benchmark !== null ? (
          <ReferenceLine
            x={benchmark}
            stroke={chartColors.benchmark}
            strokeDasharray="6 4"
            strokeWidth={2}
            label={{ value: `${refName}: ${fmt(benchmark)}`, position: "top", fill: chartColors.benchmark, fontSize: 12 }}
          />
        ) : null}
      </ComposedChart>
      </div>
    </ChartFigure>
  );
}
