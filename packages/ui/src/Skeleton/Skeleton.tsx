// Placeholders with the shape of what is loading (tiles, a chart, a table), so the page keeps its
// layout while figures arrive instead of jumping when they do. Announced once as "loading" (a
// status with a name); the grey shapes themselves are hidden from screen readers.
import type { CSSProperties } from "react";
import type { Lang } from "../i18n";

export type SkeletonShape = "cards" | "chart" | "table" | "text";

export interface SkeletonProps {
  shape: SkeletonShape;
  /** Tiles of "cards", rows of "table", lines of "text". */
  count?: number;
  /** Height of a "chart" in pixels (as the chart it stands for). */
  height?: number;
  /** Accessible name; defaults to "Cargando…" / "Loading…". */
  label?: string;
  lang?: Lang;
}

const defaults: Record<SkeletonShape, number> = { cards: 4, chart: 1, table: 6, text: 3 };

export function Skeleton({ shape, count, height = 320, label, lang = "es" }: SkeletonProps) {
  const name = label ?? (lang === "es" ? "Cargando…" : "Loading…");
  const n = count ?? defaults[shape];
  const items = Array.from({ length: n }, (_, i) => i);
  return (
    <div className={`rf-skeleton rf-skeleton--${shape}`} role="status" aria-label={name} aria-busy="true" data-skeleton={shape}>
      <span className="rf-visually-hidden">{name}</span>
      <div aria-hidden="true" className="rf-skeleton__body">
        {shape === "cards"
          ? items.map((i) => (
              <div key={i} className="rf-skeleton__card">
                <span className="rf-skeleton__line rf-skeleton__line--short" />
                <span className="rf-skeleton__block" />
                <span className="rf-skeleton__line" />
              </div>
            ))
          : null}
        {shape === "chart" ? (
          <>
            <span className="rf-skeleton__line rf-skeleton__line--short" />
            <span className="rf-skeleton__block" style={{ height } as CSSProperties} />
          </>
        ) : null}
        {shape === "table" ? (
          <>
            <span className="rf-skeleton__line rf-skeleton__line--short" />
            {items.map((i) => (
              <span key={i} className="rf-skeleton__row" />
            ))}
          </>
        ) : null}
        {shape === "text" ? items.map((i) => <span key={i} className={i === n - 1 ? "rf-skeleton__line rf-skeleton__line--short" : "rf-skeleton__line"} />) : null}
      </div>
    </div>
  );
}
