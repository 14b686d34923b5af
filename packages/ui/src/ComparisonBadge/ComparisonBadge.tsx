import type { Comparison } from "@refugio/schemas";
import type { Bilingual, Lang } from "../i18n";

export interface ComparisonBadgeProps {
  /** Already direction-adjusted by the API (polarity applied); null = not compared. */
  comparison: Comparison | null;
  lang?: Lang;
  /** What the value was compared with, e.g. "la red" / "the network": makes the text a full sentence. */
  benchmarkLabel?: string;
}

const words: Record<Comparison, Bilingual> = {
  better: { es: "Mejor", en: "Better" },
  similar: { es: "Similar", en: "Similar" },
  worse: { es: "Peor", en: "Worse" },
  not_compared: { es: "Sin comparar", en: "Not compared" },
};

const joiners: Record<Comparison, Bilingual> = {
  better: { es: "que", en: "than" },
  similar: { es: "a", en: "to" },
  worse: { es: "que", en: "than" },
  not_compared: { es: "con", en: "with" },
};

export function comparisonText(comparison: Comparison | null, lang: Lang, benchmarkLabel?: string): string {
  const c = comparison ?? "not_compared";
  const word = words[c][lang];
  return benchmarkLabel ? `${word} ${joiners[c][lang]} ${benchmarkLabel}` : word;
}

/** Distinct shapes so the badge reads the same in greyscale or for colour-blind readers. */
export function ComparisonIcon({ comparison }: { comparison: Comparison }) {
  const common = { width: 14, height: 14, viewBox: "0 0 16 16", "aria-hidden": true, focusable: false } as const;
  switch (comparison) {
    case "better": // circle with a check mark
      return (
        <svg {...common} data-shape="check">
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M4.5 8.5l2.2 2.2 4.8-5" stroke="#fff" strokeWidth="2" fill="none" />
        </svg>
      );
    case "worse": // triangle with an exclamation mark
      return (
        <svg {...common} data-shape="warning">
          <path d="M8 1l7 14H1z" fill="currentColor" />
          <path d="M8 6v4.5M8 12v1.2" stroke="#fff" strokeWidth="1.8" />
        </svg>
      );
    case "similar": // square with an equals sign
      return (
        <svg {...common} data-shape="equals">
          <rect x="1" y="1" width="14" height="14" rx="2" fill="currentColor" />
          <path d="M4.5 6h7M4.5 10h7" stroke="#fff" strokeWidth="1.8" />
        </svg>
      );
    case "not_compared": // hollow dashed circle
      return (
        <svg {...common} data-shape="dashed-circle">
          <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeDasharray="3 2" />
        </svg>
      );
  }
}

export function ComparisonBadge({ comparison, lang = "es", benchmarkLabel }: ComparisonBadgeProps) {
  const c = comparison ?? "not_compared";
  return (
    <span className={`rf-badge rf-badge--${c}`} data-comparison={c}>
      <ComparisonIcon comparison={c} />
      <span>{comparisonText(c, lang, benchmarkLabel)}</span>
    </span>
  );
}
