import type { Lang } from "../i18n";
import { palette } from "../tokens";

export interface SparklinePoint {
  /** The period, e.g. "2024". */
  label: string;
  /** The released value (null: suppressed or no data; the line breaks there). */
  value: number | null;
  /** The value as shown (formatted in its unit), or why it is missing. */
  text: string;
}

export interface SparklineProps {
  points: readonly SparklinePoint[];
  /** What the line is, e.g. "Mujeres atendidas por año". */
  title: string;
  lang?: Lang;
  width?: number;
  height?: number;
}

const PAD = 3;

/**
 * Segments of a series drawn as lines, broken where a value is missing (a suppressed year must
 * not be bridged: the line would show a figure nobody released). Coordinates in the box.
 */
export function sparklineSegments(values: readonly (number | null)[], width: number, height: number): [number, number][][] {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return [];
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const x = (i: number) => (values.length === 1 ? width / 2 : PAD + (i * (width - 2 * PAD)) / (values.length - 1));
  // A flat series sits in the middle rather than on an edge.
  const y = (v: number) => (hi === lo ? height / 2 : height - PAD - ((v - lo) * (height - 2 * PAD)) / (hi - lo));
  const out: [number, number][][] = [];
  let run: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 0) out.push(run);
      run = [];
    } else run.push([x(i), y(v)]);
  });
  if (run.length > 0) out.push(run);
  return out;
}

/**
 * A small line of an indicator over recent periods, beside a headline figure (Fingertips' trend
 * column). Drawn for the eye; read out as the list of values, so nothing hangs on the shape.
 */
export function Sparkline({ points, title, lang = "es", width = 120, height = 28 }: SparklineProps) {
  const segments = sparklineSegments(
    points.map((p) => p.value),
    width,
    height,
  );
  const spoken = `${title}: ${points.map((p) => `${p.label} ${p.text}`).join(", ")}`;
  const last = segments.at(-1)?.at(-1);
  const lastIsLatest = points.at(-1)?.value !== null;
  return (
    <svg className="rf-sparkline" role="img" aria-label={spoken} width={width} height={height} viewBox={`0 0 ${width} ${height}`} data-points={points.length} lang={lang}>
      <title>{spoken}</title>
      {segments.map((s, i) =>
        s.length === 1 ? (
          <circle key={i} cx={s[0]?.[0]} cy={s[0]?.[1]} r={1.8} fill={palette.neutral} data-segment="point" />
        ) : (
          <polyline key={i} points={s.map(([px, py]) => `${px},${py}`).join(" ")} fill="none" stroke={palette.neutral} strokeWidth={1.5} data-segment="line" />
        ),
      )}
      {last && lastIsLatest ? <circle cx={last[0]} cy={last[1]} r={2.6} fill={palette.betterMark} data-latest="" /> : null}
    </svg>
  );
}
