// Which pages each role may open. The server enforces the same rules on every procedure;
// this only hides what a role cannot use.
import type { Role } from "@refugio/schemas";
import type { MessageKey } from "../i18n/translate";

export const pageIds = [
  "overview",
  "compare",
  "trends",
  "benchmark",
  "recommendations",
  "compliance",
  "upload",
  "exports",
  "admin",
  "quality",
  "report",
] as const;
export type PageId = (typeof pageIds)[number];

export interface PageAccess {
  id: PageId;
  path: string;
  label: MessageKey;
  roles: readonly Role[];
  /** Only for users of this network (directors and shelter staff); other roles see it regardless. */
  network?: string;
}

/** The network whose evaluation the recommendations come from (as in the API). */
export const AURORA_NETWORK = "pe-aurora";

const everyone: readonly Role[] = ["admin", "ministry", "network_director", "researcher", "shelter_staff"];
const aggregateReaders: readonly Role[] = ["admin", "ministry", "network_director", "researcher"];

export const pages: readonly PageAccess[] = [
  { id: "overview", path: "/", label: "nav.overview", roles: everyone },
  { id: "compare", path: "/compare", label: "nav.compare", roles: aggregateReaders },
  { id: "trends", path: "/trends", label: "nav.trends", roles: everyone },
  // Researchers read peers through the aggregate views, never a named shelter's benchmark.
  { id: "benchmark", path: "/benchmark", label: "nav.benchmark", roles: ["shelter_staff", "network_director", "ministry", "admin"] },
  { id: "recommendations", path: "/recommendations", label: "nav.recommendations", roles: everyone, network: AURORA_NETWORK },
  // No per-shelter institutional assessments for researchers (they read the compliance indicator).
  { id: "compliance", path: "/compliance", label: "nav.compliance", roles: ["admin", "ministry", "network_director", "shelter_staff"] },
  { id: "upload", path: "/upload", label: "nav.upload", roles: ["shelter_staff", "network_director", "admin"] },
  // Anonymised microdata: researchers, and admins who run the server (the API enforces the same).
  { id: "exports", path: "/exports", label: "nav.exports", roles: ["researcher", "admin"] },
  { id: "admin", path: "/admin", label: "nav.admin", roles: ["admin"] },
  // Data quality: the shelters' operational record (researchers read aggregates only).
  { id: "quality", path: "/quality", label: "nav.quality", roles: ["admin", "ministry", "network_director", "shelter_staff"] },
  // The one-page network report (print / `refugio report`): names shelters, so not for researchers.
  { id: "report", path: "/report", label: "nav.report", roles: ["admin", "ministry", "network_director"] },
];

/** Roles that may record progress on a recommendation (the form is hidden for others). */
export const recommendationEditors: readonly Role[] = ["admin", "ministry", "network_director"];

const networkBound: readonly Role[] = ["network_director", "shelter_staff"];

/**
 * Pages a user may open. `network` is the user's network (a director's own, or the network of a
 * shelter user's shelter); pages tied to one network are hidden from other networks' users.
 */
export function pagesFor(role: Role, network: string | null = null): PageAccess[] {
  return pages.filter((p) => p.roles.includes(role) && (!p.network || !networkBound.includes(role) || p.network === network));
}

export function pageForPath(path: string): PageAccess | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return pages.find((p) => p.path === clean);
}

export function canOpen(role: Role, id: PageId, network: string | null = null): boolean {
  return pagesFor(role, network).some((p) => p.id === id);
}

/**
 * The document title's message for a path: the page's name when the user may open it, "not
 * allowed" for a page their role cannot use (as the heading says), "not found" for no page.
 */
export function titleKey(page: PageAccess | undefined, current: PageAccess | undefined): MessageKey {
  if (current) return current.label;
  return page ? "app.forbiddenTitle" : "app.notFound";
}
