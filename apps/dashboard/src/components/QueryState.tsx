import { isTRPCClientError } from "@trpc/client";
import type { ReactNode } from "react";
import { Skeleton, type SkeletonShape } from "@refugio/ui";
import { useLang } from "../i18n/LangContext";
import type { Lang } from "../i18n/translate";
import { localizedMessage } from "../lib/format";
import { EmptyState } from "./EmptyState";

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  /** "idle" with no data: the query is disabled (nothing chosen yet), not loading. */
  fetchStatus?: string;
  refetch: () => unknown;
}

/** A procedure the server does not have yet (the dashboard can be newer than the API). */
export function isMissingProcedure(error: unknown): boolean {
  return isTRPCClientError(error) && error.data?.code === "NOT_FOUND" && /No procedure found|No "query"|No "mutation"/i.test(error.message);
}

/** The error's message in the reader's language (the API sends "es / en"). */
export function errorMessage(error: unknown, lang: Lang): string {
  return localizedMessage(error instanceof Error ? error.message : String(error), lang);
}

/** The shape of what each procedure draws, for a skeleton that keeps the page's layout. */
const loadingShapes: Record<string, SkeletonShape> = {
  "catalogue.indicators": "text",
  "indicators.values": "cards",
  "indicators.trend": "chart",
  "compare.units": "chart",
};

/**
 * Procedures whose answer is figures: an empty answer gets an empty state that says why (the
 * period, the filters, the scope). Lists such as the upload history say "none yet" themselves.
 */
const figureProcedures = new Set(["indicators.values", "indicators.trend", "compare.units"]);

/** A result row that counts no case at all (n = 0): nothing was observed, not "suppressed". */
const noCases = (row: unknown): boolean => typeof row === "object" && row !== null && "n" in row && row.n === 0;

/**
 * Whether a figures answer holds nothing to show: no rows, or only rows of zero cases (a period
 * with no stays); for compare, no units or units of zero cases.
 */
export function isEmptyAnswer(data: unknown): boolean {
  if (Array.isArray(data)) return data.every(noCases);
  if (typeof data === "object" && data !== null && "units" in data && Array.isArray(data.units)) {
    return data.units.every((u: unknown) => typeof u === "object" && u !== null && "result" in u && noCases(u.result));
  }
  return false;
}

/** Loading, error and "not available yet" states around a query; renders `children` with the data. */
export function QueryState<T>({
  query,
  procedure,
  children,
}: {
  query: QueryLike<T>;
  procedure: string;
  children: (data: T) => ReactNode;
}) {
  const { t, lang } = useLang();
  if (query.error) {
    if (isMissingProcedure(query.error)) {
      return <p className="notice">{t("app.pending", { procedure })}</p>;
    }
    return (
      <div role="alert" className="notice notice--error">
        <p>{t("app.error", { message: errorMessage(query.error, lang) })}</p>
        <button type="button" onClick={() => void query.refetch()}>
          {t("app.retry")}
        </button>
      </div>
    );
  }
  if (query.isPending && query.fetchStatus === "idle") return null;
  if (query.isPending || query.data === undefined) return <Skeleton shape={loadingShapes[procedure] ?? "table"} lang={lang} label={t("app.loading")} />;
  if (figureProcedures.has(procedure) && isEmptyAnswer(query.data)) return <EmptyState />;
  return <>{children(query.data)}</>;
}
