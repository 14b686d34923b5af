import type { IndicatorInfo, IndicatorResult } from "@refugio/schemas";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  type XAxisTickContentProps,
  YAxis,
} from "recharts";
import { ciLabel, defaultK, formatCount, formatInterval, formatPeriod, formatTick, formatValue, type Lang, resultMissingText } from "../i18n";
import { ChartFigure, SummaryTable } from "../internal/ChartFigure";
import { chartColors, chartFont, type ChartWidth, imageChartProps } from "../internal/chartTheme";

export interface TrendChartProps {
  /** One result per period, in time order. */
  results: IndicatorResult[];
  info: Pick<IndicatorInfo, "label" | "unit">;
  /** Group key holding the period ("month", "quarter", "year"); defaults to the first key of each group. */
  periodKey?: string;
  title?: string;
  benchmark?: number | null;
  benchmarkLabel?: string;
  lang?: Lang;
  k?: number;
  width?: ChartWidth;
  height?: number;
}

interface Row {
  period: string;
  /** The period as the API names it ("2024-03", "2024-Q1", "2024"), for the axis labels. */
  code: string | null;
  value: number | null;
  /** [low, high] for the ranged Area; null leaves a gap in the band. */
  band: [number, number] | null;
  result: IndicatorResult;
}

/** Value over time with its 95 % band; suppressed periods break the line and band instead of being bridged. */
export function TrendChart({
  results,
  info,
  periodKey,
  title,
  benchmark = null,
  benchmarkLabel,
  lang = "es",
  k = defaultK,
  width = 640,
  height = 320,
}: TrendChartProps) {
  const es = lang === "es";
  const rows: Row[] = results.map((r) => {
    const key = periodKey ?? Object.keys(r.group)[0];
    const code = key !== undefined ? r.group[key] : null;
    const period = code ? formatPeriod(code, lang) : "—";
    const shown = !r.suppressed && r.value !== null;
    return {
      period,
      code: code ?? null,
      value: shown ? r.value : null,
      band: shown && r.ci_low !== null && r.ci_high !== null ? [r.ci_low, r.ci_high] : null,
      result: r,
    };
  });
  const hasBand = rows.some((r) => r.band !== null);
  // Counts and days start at zero (a cut axis exaggerates change); scores may be negative.
  const nonNegative = rows.every((r) => r.value === null || r.value >= 0);
  const suppressedCount = rows.filter((r) => r.value === null).length;
  const caption = title ?? info.label[lang];
  const fmt = (v: number) => formatValue(v, info.unit, lang);
  const refName = benchmarkLabel ?? (es ? "Referencia" : "Benchmark");
  const shownValues = rows.filter((r) => r.value !== null);
  // Pre/post and follow-up proportions carry their coverage: shown in the tooltip and the table.
  const withCoverage = rows.some((r) => r.result.attrition);
  const coverageText = (r: Row) => {
    const a = r.value === null ? undefined : r.result.attrition;
    if (!a) return null;
    return `${formatValue(a.coverage, "proportion", lang)}${a.low_coverage ? (es ? " (baja)" : " (low)") : ""}`;
  };
  const first = shownValues[0];
  const last = shownValues[shownValues.length - 1];

  // Months and quarters: a short label per tick ("ene", "T1") with the year under the first tick
  // of each year; with many periods only every `step`-th tick is labelled, so labels never overlap.
  const step = Math.max(1, Math.ceil(rows.length / 12));
  const XTick = ({ x, y, index, payload }: XAxisTickContentProps) => {
    const row = rows[index];
    const label = axisLabel(rows, index, step, lang) ?? { top: String(payload.value), year: null };
    return (
      <g transform={`translate(${Number(x)},${Number(y)})`}>
        <text y={4} dy="0.71em" textAnchor="middle" {...chartFont}>
          {label.top}
        </text>
        {label.year ? (
          <text y={18} dy="0.71em" textAnchor="middle" {...chartFont} fontWeight={600}>
            {label.year}
          </text>
        ) : null}
        {row && row.value === null ? (
          <text y={32} dy="0.71em" textAnchor="middle" fontSize={11} fontStyle="italic" fill={chartColors.similar}>
            {es ? "suprimido" : "suppressed"}
          </text>
        ) : null}
      </g>
    );
  };

  return (
    <ChartFigure
      title={caption}
      lang={lang}
      notes={
        <p className="rf-chart__note">
          {hasBand
            ? es
              ? `Línea: valor; franja: ${ciLabel(lang)}.`
              : `Line: value; band: ${ciLabel(lang)}.`
            : es
              ? "Línea: valor."
              : "Line: value."}
          {suppressedCount > 0
            ? es
              ? ` Los cortes de la línea son periodos suprimidos (menos de ${k} casos o protección de otra celda).`
              : ` Breaks in the line are suppressed periods (fewer than ${k} cases or protecting another cell).`
            : null}
          {benchmark !== null ? (es ? ` Línea discontinua: ${refName} (${fmt(benchmark)}).` : ` Dashed line: ${refName} (${fmt(benchmark)}).`) : null}
        </p>
      }
      table={
        <SummaryTable
          caption={caption}
          headers={[...(es ? ["Periodo", "Valor", ciLabel(lang), "n"] : ["Period", "Value", ciLabel(lang), "n"]), ...(withCoverage ? [es ? "Cobertura" : "Coverage"] : [])]}
          rows={rows.map((r, i) => ({
            key: `${i}`,
            cells: [
              r.period,
              r.value === null ? resultMissingText(r.result, k, lang) : fmt(r.value),
              r.value === null ? "—" : (formatInterval(r.result.ci_low, r.result.ci_high, info.unit, lang) ?? "—"),
              r.value === null || r.result.n === null ? "—" : formatCount(r.result.n, lang),
              ...(withCoverage ? [coverageText(r) ?? "—"] : []),
            ],
          }))}
        />
      }
    >
      <ComposedChart
        data={rows}
        {...imageChartProps(width, height)}
        margin={{ top: 16, right: 24, bottom: 24, left: 8 }}
        aria-label={
          first && last
            ? es
              ? `${caption}: tendencia de ${rows.length} periodos, de ${fmt(first.value ?? 0)} (${first.period}) a ${fmt(last.value ?? 0)} (${last.period}); ${suppressedCount} ${suppressedCount === 1 ? "suprimido" : "suprimidos"}. Valores en la tabla de datos.`
              : `${caption}: trend over ${rows.length} periods, from ${fmt(first.value ?? 0)} (${first.period}) to ${fmt(last.value ?? 0)} (${last.period}); ${suppressedCount} suppressed. Values in the data table.`
            : es
              ? `${caption}: sin valores publicables.`
              : `${caption}: no publishable values.`
        }
      >
        <CartesianGrid vertical={false} stroke={chartColors.grid} />
        <XAxis dataKey="period" interval={0} height={58} tick={XTick} />
        <YAxis
          domain={info.unit === "proportion" ? [0, 1] : nonNegative ? [0, "auto"] : ["auto", "auto"]}
          tickFormatter={(v: number) => formatTick(v, info.unit, lang)}
          tick={chartFont}
          width={56}
        />
        <Area
          dataKey="band"
          stroke="none"
          fill={chartColors.band}
          fillOpacity={0.8}
          connectNulls={false}
          isAnimationActive={false}
          name={ciLabel(lang)}
        />
        <Line
          dataKey="value"
          stroke={chartColors.series}
          strokeWidth={2.5}
          dot={{ r: 4, fill: chartColors.series }}
          connectNulls={false}
          isAnimationActive={false}
          name={es ? "Valor" : "Value"}
        />
        <Tooltip
          formatter={(v: unknown, _name: unknown, item: { payload?: Row } | undefined) => {
            if (Array.isArray(v)) return formatInterval(Number(v[0]), Number(v[1]), info.unit, lang) ?? "—";
            if (typeof v !== "number") return "—";
            const coverage = item?.payload ? coverageText(item.payload) : null;
            return coverage ? `${fmt(v)} · ${es ? "cobertura" : "coverage"} ${coverage}` : fmt(v);
          }}
        />
        {benchmark !== null ? (
          <ReferenceLine
            y={benchmark}
            stroke={chartColors.benchmark}
            strokeDasharray="6 4"
            strokeWidth={2}
            label={{ value: refName, position: "insideTopRight", fill: chartColors.benchmark, fontSize: 12 }}
          />
        ) : null}
      </ComposedChart>
    </ChartFigure>
  );
}

/**
 * The axis label of tick `index`: for months "ene" / "Jan" and for quarters "T1" / "Q1", with the
 * year under the first labelled tick of each year; an empty label between every `step`-th tick.
 * Null for other periods (years), which keep their full text.
 */
export function axisLabel(rows: readonly { code: string | null }[], index: number, step: number, lang: Lang): { top: string; year: string | null } | null {
  const code = rows[index]?.code ?? null;
  const month = code ? /^(\d{4})-(\d{2})$/.exec(code) : null;
  const quarter = code ? /^(\d{4})-[QT]([1-4])$/.exec(code) : null;
  if (!month && !quarter) return null;
  if (index % step !== 0) return { top: "", year: null };
  const year = (month ?? quarter)?.[1] ?? "";
  // The previous labelled tick's year: the year is written again only when it changes.
  const previous = index - step >= 0 ? rows[index - step]?.code?.slice(0, 4) : null;
  const top = month
    ? new Intl.DateTimeFormat(lang === "es" ? "es" : "en", { month: "short", timeZone: "UTC" }).format(Date.UTC(Number(year), Number(month[2]) - 1, 1)).replace(".", "")
    : `${lang === "es" ? "T" : "Q"}${quarter?.[2] ?? ""}`;
  return { top, year: previous === year ? null : year };
}
