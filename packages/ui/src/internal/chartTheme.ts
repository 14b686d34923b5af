// SVG attributes cannot rely on CSS variables everywhere, so chart colours live here.
// Each has ≥ 3:1 contrast on white (WCAG 1.4.11); shapes and text carry the meaning too.
import type { Comparison } from "@refugio/schemas";
import { palette } from "../tokens";

export const chartColors = {
  // Blue and orange from the one palette (tokens.ts): never green against red.
  better: palette.betterMark,
  worse: palette.worseMark,
  similar: "#57606a",
  not_compared: "#6e7781",
  series: "#5b2a86",
  band: "#d8c8e8",
  benchmark: "#0b57d0",
  limit95: "#6e7781",
  limit998: "#1f2328",
  grid: "#d0d7de",
  text: "#1f2328",
} as const satisfies Record<Comparison | string, string>;

export function comparisonColor(comparison: Comparison | null): string {
  return chartColors[comparison ?? "not_compared"];
}

/** A chart width is a number of pixels or a percentage (then the chart follows its container). */
export type ChartWidth = number | `${number}%`;

export const chartFont = { fontSize: 12, fill: chartColors.text } as const;

/**
 * Props every chart's root takes: a fixed or container-following size, and an SVG that is a
 * labelled image, not a tab stop. The data table beside each chart is the accessible version,
 * so keyboard users reach the numbers through its button, not through Recharts' keyboard layer.
 */
export function imageChartProps(width: ChartWidth, height: number) {
  return { width, height, responsive: typeof width === "string", role: "img", accessibilityLayer: false } as const;
}
