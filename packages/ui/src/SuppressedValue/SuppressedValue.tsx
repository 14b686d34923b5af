import type { ResultState, SuppressionReason } from "@refugio/schemas";
import { type Bilingual, defaultK, type Lang, missingText } from "../i18n";
import { VisuallyHidden } from "../internal/VisuallyHidden";

export interface SuppressedValueProps {
  /** "primary" (fewer than k cases) or "secondary" (hidden so another cell cannot be recovered). */
  reason?: SuppressionReason | null;
  /**
   * Why the value is missing (the API result's `state`): suppressed (default), no data, not
   * assessed or not applicable — four different things, worded apart.
   */
  state?: ResultState | null;
  /** The API's reason for a no-data / not-assessed / not-applicable state. */
  detail?: Bilingual | null;
  /** The deployment's small-cell threshold. */
  k?: number;
  lang?: Lang;
  /** Show the explanation as visible text too (default: only to assistive tech and as a tooltip). */
  showReason?: boolean;
}

/** A dash in place of a missing number, never a blank: readers must know why it is missing. */
export function SuppressedValue({ reason = "primary", state, detail, k = defaultK, lang = "es", showReason = false }: SuppressedValueProps) {
  const kind = state && state !== "value" ? state : "suppressed";
  const text = missingText(kind, { reason, k, lang, detail });
  return (
    <span className="rf-suppressed" title={text} data-reason={kind === "suppressed" ? (reason ?? "primary") : undefined} data-state={kind}>
      <span aria-hidden="true">—</span>
      {showReason ? <span className="rf-suppressed__reason">({text})</span> : <VisuallyHidden>{text}</VisuallyHidden>}
    </span>
  );
}
