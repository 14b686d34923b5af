// Navigation and filters on TanStack Router. The filters live in the address (so a view can be
// shared, reloaded, and undone with Back); every page reads them validated by the shared
// schema (@refugio/schemas dashboardSearchSchema), so a hand-edited value falls back to the
// page's default instead of reaching a query. The route tree itself is in ../routeTree.
import {
  useRouter,
  useRouterState,
  type AnyRouter,
} from "@tanstack/react-router";
import { parseDashboardSearch, sharedSearch, type DashboardSearch } from "@refugio/schemas";
import { useMemo, type AnchorHTMLAttributes, type MouseEvent } from "react";

/**
 * The URL's search as plain strings (?from=2019, not TanStack's default JSON values, which would
 * write a year typed as text as ?from=%222019%22): what people read and paste.
 */
export function parseSearch(search: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search.startsWith("?") ? search.slice(1) : search));
}

export function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

// The router the app (or a test) created; module-level so that event handlers outside React's
// tree (setQuery from a select's onChange, sign-out) navigate through it.
let active: AnyRouter | null = null;

export function setActiveRouter(router: AnyRouter): void {
  active = router;
}

function currentRouter(): AnyRouter {
  if (!active) throw new Error("no router: render inside the app's RouterProvider");
  return active;
}

export interface Location {
  path: string;
}

/** The current path; re-renders on navigation and on back/forward (filters: useFilters). */
export function useLocation(): Location {
  const path = useRouterState({ select: (s) => s.location.pathname });
  return { path };
}

/** The page's filters, typed and validated by the shared schema. */
export function useFilters(): DashboardSearch {
  const raw = useRouterState({ select: (s) => s.location.search as unknown });
  return useMemo(() => parseDashboardSearch(raw), [raw]);
}

/**
 * Go to an address inside the app (a path with an optional query string). `keepScroll`: stay
 * where the reader is (a filter changed, not the page); a new page starts at the top.
 */
export function navigate(to: string, opts: { replace?: boolean; keepScroll?: boolean } = {}): void {
  const router = currentRouter();
  const here = router.state.location;
  if (to === here.pathname + here.searchStr) return;
  void router.navigate({ href: to, replace: opts.replace ?? false, resetScroll: !opts.keepScroll });
}

/**
 * Change some filters of the current page. A new history entry (push), so Back undoes a filter
 * change; values are checked by the schema, and an invalid or empty one removes the filter.
 */
export function setQuery(changes: Record<string, string | null | undefined>): void {
  const router = currentRouter();
  const here = router.state.location;
  const next: Record<string, string | undefined> = { ...parseDashboardSearch(here.search) };
  for (const [key, value] of Object.entries(changes)) next[key] = value === null || value === "" ? undefined : value;
  navigate(here.pathname + stringifySearch(parseDashboardSearch(next)), { keepScroll: true });
}

/** The address of another page that keeps the filters shared by every page (network, period…). */
export function hrefKeepingFilters(path: string, filters: DashboardSearch): string {
  return path + stringifySearch(sharedSearch(filters));
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> {
  to: string;
  /** Keep the shared filters (network, region, model, period, indicator) on the new page. */
  keepFilters?: boolean;
}

/** An ordinary link (middle-click, copy address work) that navigates in place on a plain click. */
export function Link({ to, keepFilters = false, onClick, ...rest }: LinkProps) {
  const router = useRouter();
  const filters = useFilters();
  const href = keepFilters ? hrefKeepingFilters(to, filters) : to;
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void router.navigate({ href });
  };
  return <a href={href} onClick={handle} {...rest} />;
}
