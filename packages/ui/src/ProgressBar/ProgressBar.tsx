import { useId } from "react";
import { type Lang, numberFormat } from "../i18n";

export interface ProgressBarProps {
  /** Progress between 0 and `max`; omit for an indeterminate bar (work of unknown length). */
  value?: number;
  max?: number;
  /** Visible label and accessible name; defaults to "Cargando…" / "Loading…". */
  label?: string;
  lang?: Lang;
  /** Show the percentage beside the label (determinate only). */
  showValue?: boolean;
}

export function ProgressBar({ value, max = 100, label, lang = "es", showValue = true }: ProgressBarProps) {
  const labelId = useId();
  const name = label ?? (lang === "es" ? "Cargando…" : "Loading…");
  const determinate = value !== undefined && Number.isFinite(value) && max > 0;
  const clamped = determinate ? Math.min(Math.max(value, 0), max) : 0;
  const fraction = determinate ? clamped / max : 0;
  const percent = numberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(fraction);
  return (
    <div className="rf-progress">
      <div className="rf-progress__label">
        <span id={labelId}>{name}</span>
        {determinate && showValue ? <span aria-hidden="true">{percent}</span> : null}
      </div>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={determinate ? 0 : undefined}
        aria-valuemax={determinate ? max : undefined}
        // Indeterminate bars carry no aria-valuenow (ARIA: its absence means "unknown").
        aria-valuenow={determinate ? clamped : undefined}
        aria-valuetext={determinate ? percent : undefined}
        aria-busy={determinate ? undefined : true}
        className="rf-progress__track"
      >
        <div
          className={determinate ? "rf-progress__bar" : "rf-progress__bar rf-progress__bar--indeterminate"}
          style={determinate ? { width: `${fraction * 100}%` } : undefined}
        />
      </div>
    </div>
  );
}
