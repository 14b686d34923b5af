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
  "admin",
] as const;
export type PageId = (typeof pageIds)[number];

export interface PageAccess {
  id: PageId;
  path: string;
  label: MessageKey;
  roles: readonly Role[];
}

const everyone: readonly Role[] = ["admin", "ministry", "network_director", "researcher", "shelter_staff"];
const aggregateReaders: readonly Role[] = ["admin", "ministry", "network_director", "researcher"];

export const pages: readonly PageAccess[] = [
  { id: "overview", path: "/", label: "nav.overview", roles: everyone },
  { id: "compare", path: "/compare", label: "nav.compare", roles: aggregateReaders },
  { id: "trends", path: "/trends", label: "nav.trends", roles: everyone },
  { id: "benchmark", path: "/benchmark", label: "nav.benchmark", roles: ["shelter_staff"] },
  { id: "recommendations", path: "/recommendations", label: "nav.recommendations", roles: ["admin", "ministry", "network_director"] },
  { id: "compliance", path: "/compliance", label: "nav.compliance", roles: ["admin", "ministry", "network_director", "shelter_staff"] },
  { id: "upload", path: "/upload", label: "nav.upload", roles: ["admin", "shelter_staff"] },
  { id: "admin", path: "/admin", label: "nav.admin", roles: ["admin"] },
];

/** Roles that may record progress on a recommendation (the form is hidden for others). */
export const recommendationEditors: readonly Role[] = ["admin", "ministry", "network_director"];

export function pagesFor(role: Role): PageAccess[] {
  return pages.filter((p) => p.roles.includes(role));
}

export function pageForPath(path: string): PageAccess | undefined {
  const clean = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return pages.find((p) => p.path === clean);
}

export function canOpen(role: Role, id: PageId): boolean {
  return pages.some((p) => p.id === id && p.roles.includes(role));
}
