// What a signed-in user may see. Every data procedure derives SQL filters from this, on the server.
import type { SessionUser } from "@refugio/schemas";

/** null = no restriction on that axis. */
export interface Scope {
  networks: string[] | null;
  shelters: string[] | null;
}

/**
 * Who the output is for decides the privacy treatment (see docs/privacy.md):
 * - owner: a shelter reading its own unaggregated figures: no suppression;
 * - internal: ministry, network directors, admins, the local CLI: small-cell suppression;
 * - external: researchers, shelter peers, public reports: suppression plus cell-key perturbation.
 */
export type Audience = "owner" | "internal" | "external";

export function scopeFor(user: SessionUser): Scope {
  switch (user.role) {
    case "admin":
    case "ministry":
    case "researcher":
      return { networks: null, shelters: null };
    case "network_director":
      return { networks: [user.network_code ?? "\u0000none"], shelters: null };
    case "shelter_staff":
      return { networks: null, shelters: [user.shelter_code ?? "\u0000none"] };
  }
}

export function audienceFor(user: SessionUser): Audience {
  switch (user.role) {
    case "admin":
    case "ministry":
    case "network_director":
      return "internal";
    case "researcher":
      return "external";
    case "shelter_staff":
      return "owner";
  }
}

export const unrestricted: Scope = { networks: null, shelters: null };
