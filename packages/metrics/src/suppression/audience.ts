// Who the output is for decides its treatment (docs/privacy.md); mirrors the API's Audience.
export type Audience = "owner" | "internal" | "external";

export interface Treatment {
  suppress: boolean;
  perturb: boolean;
}

/**
 * owner (a shelter reading its own figures): nothing hidden;
 * internal (ministry, network directors, admins): small-cell suppression;
 * external (researchers, shelter peers, public): suppression plus cell-key perturbation.
 */
export function treatmentFor(audience: Audience): Treatment {
  switch (audience) {
    case "owner":
      return { suppress: false, perturb: false };
    case "internal":
      return { suppress: true, perturb: false };
    case "external":
      return { suppress: true, perturb: true };
  }
}
