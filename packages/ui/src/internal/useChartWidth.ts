// The width a chart actually gets, so its axes can make room for the plot on a phone: fixed
// axis columns that fit 1366 px (190 px of names, 150 px of values) leave nothing to draw
// the bars in at 375 px.
import { useEffect, useRef, useState } from "react";
import type { ChartWidth } from "./chartTheme";

/** Below this width a chart is "narrow": shorter axis columns, shorter labels. */
export const narrowChartWidth = 560;

/**
 * A ref for the chart's container and its width in pixels: the given number for a fixed width;
 * for a percentage, measured (ResizeObserver) and `fallback` until measured (or in jsdom).
 */
export function useChartWidth<T extends HTMLElement>(width: ChartWidth, fallback = 640) {
  const ref = useRef<T>(null);
  const [measured, setMeasured] = useState<number | null>(null);
  const fixed = typeof width === "number" ? width : null;
  useEffect(() => {
    const el = ref.current;
    if (fixed !== null || !el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w && w > 0) setMeasured(Math.round(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [fixed]);
  return { ref, px: fixed ?? measured ?? fallback };
}

/** Axis columns for a horizontal chart: names left, values right, leaving ≥ 40 % for the plot. */
export function axisColumns(px: number, wide: { names: number; values: number }): { names: number; values: number; narrow: boolean } {
  if (px >= narrowChartWidth) return { ...wide, narrow: false };
  return { names: Math.round(px * 0.34), values: Math.round(px * 0.2), narrow: true };
}

/** A label cut to fit `pixels` at the chart font (about 6.5 px a character), with an ellipsis. */
export function fitLabel(text: string, pixels: number): string {
  const max = Math.max(4, Math.floor(pixels / 6.5));
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
