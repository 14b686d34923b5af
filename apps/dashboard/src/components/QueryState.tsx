import { isTRPCClientError } from "@trpc/client";
import type { ReactNode } from "react";
import { ProgressBar } from "@refugio/ui";
import { useLang } from "../i18n/LangContext";
import type { Lang } from "../i18n/translate";
import { localizedMessage } from "../lib/format";

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
  if (query.isPending || query.data === undefined) return <ProgressBar lang={lang} label={t("app.loading")} />;
  return <>{children(query.data)}</>;
}
