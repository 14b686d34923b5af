import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useLang } from "../i18n/LangContext";
import { setQuery, useFilters } from "../lib/router";
import { yearBounds } from "../lib/format";
import { MIN_PERIOD_YEAR } from "@refugio/schemas";

/** Year range in the URL (?from=2019&to=2024), so a filtered view can be shared as a link. */
export function usePeriod(): { from?: string; to?: string } {
  const { from = null, to = null } = useFilters();
  // A reversed range (e.g. from a shared link) is never sent: the filter shows why instead.
  if (periodProblem(from ?? "", to ?? "")) return {};
  return yearBounds(from, to);
}

const thisYear = new Date().getUTCFullYear();

/** First year a period may name (as the API's periodDateSchema). */
const MIN_YEAR = MIN_PERIOD_YEAR;

/**
 * Why a year range cannot be applied, checked before anything is sent: "out_of_range" for a year
 * before MIN_YEAR or after this year (the API refuses those too), "reversed" when to < from.
 */
export function periodProblem(from: string, to: string, maxYear = thisYear): "reversed" | "out_of_range" | null {
  const a = Number.parseInt(from, 10);
  const b = Number.parseInt(to, 10);
  const outside = (y: number) => Number.isFinite(y) && (y < MIN_YEAR || y > maxYear);
  if (outside(a) || outside(b)) return "out_of_range";
  return Number.isFinite(a) && Number.isFinite(b) && b < a ? "reversed" : null;
}

/** `children`: other filters of the page, shown in the same row (they apply on change). */
export function PeriodFilter({ children }: { children?: ReactNode }) {
  const { t } = useLang();
  const { from: urlFrom = "", to: urlTo = "" } = useFilters();
  const [from, setFrom] = useState(urlFrom);
  const [to, setTo] = useState(urlTo);
  // Shown after "Apply" (or for a reversed range in the URL) until the years change; the text is translated at render.
  const [problem, setProblem] = useState<"reversed" | "out_of_range" | null>(() => periodProblem(urlFrom, urlTo));
  // Back/forward changes the URL: show what is applied.
  useEffect(() => {
    setFrom(urlFrom);
    setTo(urlTo);
    setProblem(periodProblem(urlFrom, urlTo));
  }, [urlFrom, urlTo]);
  const fromId = useId();
  const toId = useId();
  const errorId = useId();
  const toRef = useRef<HTMLInputElement>(null);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = periodProblem(from, to);
    setProblem(found);
    if (found) {
      toRef.current?.focus();
      return;
    }
    setQuery({ from, to });
  };
  const invalid = problem !== null;
  return (
    <form className="filters" onSubmit={apply} aria-label={t("filters.title")}>
      {children}
      <div className="field field--inline">
        <label htmlFor={fromId}>{t("filters.from")}</label>
        <input
          id={fromId}
          type="number"
          inputMode="numeric"
          min={MIN_YEAR}
          max={thisYear}
          placeholder="2019"
          value={from}
          onChange={(e) => {
            setFrom(e.target.value);
            setProblem(null);
          }}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? errorId : undefined}
        />
      </div>
      <div className="field field--inline">
        <label htmlFor={toId}>{t("filters.to")}</label>
        <input
          id={toId}
          ref={toRef}
          type="number"
          inputMode="numeric"
          min={MIN_YEAR}
          max={thisYear}
          placeholder={String(thisYear)}
          value={to}
          onChange={(e) => {
            setTo(e.target.value);
            setProblem(null);
          }}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? errorId : undefined}
        />
      </div>
      <button type="submit" className="button">
        {t("filters.apply")}
      </button>
      {problem === "out_of_range" ? (
        <p id={errorId} role="alert" className="notice notice--error filters__error">
          {t("filters.outOfRange", { min: String(MIN_YEAR), max: String(thisYear) })}
        </p>
      ) : null}
      {problem === "reversed" ? (
        <p id={errorId} role="alert" className="notice notice--error filters__error">
          {t("filters.reversed", { from: t("filters.from"), to: t("filters.to") })}
        </p>
      ) : null}
    </form>
  );
}
