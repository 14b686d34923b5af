import type { SuppressionReason } from "@refugio/schemas";
import { defaultK, type Lang, suppressionText } from "../i18n";
import { VisuallyHidden } from "../internal/VisuallyHidden";

export interface SuppressedValueProps {
  /** "primary" (fewer than k cases) or "secondary" (hidden so another cell cannot be recovered). */
  reason?: SuppressionReason | null;
  /** The deployment's small-cell threshold. */
  k?: number;
  lang?: Lang;
  /** Show the explanation as visible text too (default: only to assistive tech and as a tooltip). */
  showReason?: boolean;
}

/** A dash in place of a suppressed number, never a blank: readers must know why it is missing. */
export function SuppressedValue({ reason = "primary", k = defaultK, lang = "es", showReason = false }: SuppressedValueProps) {
  const text = suppressionText(reason, k, lang);
  return (
    <span className="rf-suppressed" title={text} data-reason={reason ?? "primary"}>
      <span aria-hidden="true">—</span>
      {showReason ? <span className="rf-suppressed__reason">({text})</span> : <VisuallyHidden>{text}</VisuallyHidden>}
    </span>
  );
}
