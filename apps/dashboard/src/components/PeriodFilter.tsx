import { useEffect, useId, useState, type FormEvent, type ReactNode } from "react";
import { useLang } from "../i18n/LangContext";
import { setQuery, useLocation } from "../lib/router";
import { yearBounds } from "../lib/format";

/** Year range in the URL (?from=2019&to=2024), so a filtered view can be shared as a link. */
export function usePeriod(): { from?: string; to?: string } {
  const { query } = useLocation();
  return yearBounds(query.get("from"), query.get("to"));
}

const thisYear = new Date().getUTCFullYear();

/** `children`: other filters of the page, shown in the same row (they apply on change). */
export function PeriodFilter({ children }: { children?: ReactNode }) {
  const { t } = useLang();
  const { query } = useLocation();
  const [from, setFrom] = useState(query.get("from") ?? "");
  const [to, setTo] = useState(query.get("to") ?? "");
  const urlFrom = query.get("from") ?? "";
  const urlTo = query.get("to") ?? "";
  // Back/forward changes the URL: show what is applied.
  useEffect(() => {
    setFrom(urlFrom);
    setTo(urlTo);
  }, [urlFrom, urlTo]);
  const fromId = useId();
  const toId = useId();
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setQuery({ from, to });
  };
  return (
    <form className="filters" onSubmit={apply} aria-label={t("filters.title")}>
      {children}
      <div className="field field--inline">
        <label htmlFor={fromId}>{t("filters.from")}</label>
        <input id={fromId} type="number" inputMode="numeric" min={2000} max={thisYear} placeholder="2019" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field field--inline">
        <label htmlFor={toId}>{t("filters.to")}</label>
        <input id={toId} type="number" inputMode="numeric" min={2000} max={thisYear} placeholder={String(thisYear)} value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <button type="submit" className="button">
        {t("filters.apply")}
      </button>
    </form>
  );
}
