import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { FormField } from "@refugio/ui";
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

type Problem = "reversed" | "out_of_range";

/**
 * Which field each problem belongs to, so the error sits under the year that is wrong: a year
 * outside the range on its own field, a reversed range on "To" (the year to correct).
 */
export function periodFieldProblems(from: string, to: string, maxYear = thisYear): { from: Problem | null; to: Problem | null } {
  const outside = (v: string) => periodProblem(v, "", maxYear) === "out_of_range";
  const fromOut = outside(from);
  const toOut = outside(to);
  if (fromOut || toOut) return { from: fromOut ? "out_of_range" : null, to: toOut ? "out_of_range" : null };
  return { from: null, to: periodProblem(from, to, maxYear) };
}

const NONE = { from: null, to: null } as const;

/** `children`: other filters of the page, shown in the same row (they apply on change). */
export function PeriodFilter({ children }: { children?: ReactNode }) {
  const { t, lang } = useLang();
  const { from: urlFrom = "", to: urlTo = "" } = useFilters();
  const [from, setFrom] = useState(urlFrom);
  const [to, setTo] = useState(urlTo);
  // Shown after "Apply" (or for a bad range in the URL) until that year changes; the text is translated at render.
  const [problems, setProblems] = useState<{ from: Problem | null; to: Problem | null }>(() => periodFieldProblems(urlFrom, urlTo));
  // Back/forward changes the URL: show what is applied.
  useEffect(() => {
    setFrom(urlFrom);
    setTo(urlTo);
    setProblems(periodFieldProblems(urlFrom, urlTo));
  }, [urlFrom, urlTo]);
  const fromRef = useRef<HTMLInputElement>(null);
  const toRef = useRef<HTMLInputElement>(null);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = periodFieldProblems(from, to);
    setProblems(found);
    if (found.from || found.to) {
      (found.from ? fromRef : toRef).current?.focus();
      return;
    }
    setQuery({ from, to });
  };
  const message = (problem: Problem | null) =>
    problem === "out_of_range"
      ? t("filters.outOfRange", { min: String(MIN_YEAR), max: String(thisYear) })
      : problem === "reversed"
        ? t("filters.reversed", { from: t("filters.from"), to: t("filters.to") })
        : null;
  const yearInput = (which: "from" | "to") => (
    <FormField inline label={t(which === "from" ? "filters.from" : "filters.to")} error={message(problems[which])} lang={lang}>
      {(control) => (
        <input
          {...control}
          ref={which === "from" ? fromRef : toRef}
          type="number"
          inputMode="numeric"
          min={MIN_YEAR}
          max={thisYear}
          placeholder={which === "from" ? "2019" : String(thisYear)}
          value={which === "from" ? from : to}
          onChange={(e) => {
            (which === "from" ? setFrom : setTo)(e.target.value);
            // A change to either year may settle a reversed range: clear both.
            setProblems(problems.from === "reversed" || problems.to === "reversed" ? NONE : { ...problems, [which]: null });
          }}
        />
      )}
    </FormField>
  );
  return (
    // noValidate: the browser's own bubble (for min/max) would block the submit before `apply`
    // could put the translated error under the year at fault.
    <form className="filters" onSubmit={apply} aria-label={t("filters.title")} noValidate>
      {children}
      {yearInput("from")}
      {yearInput("to")}
      <button type="submit" className="button">
        {t("filters.apply")}
      </button>
    </form>
  );
}
