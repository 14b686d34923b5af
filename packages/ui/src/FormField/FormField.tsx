import { type ReactNode, useId } from "react";
import type { Lang } from "../i18n";

/** Attributes the field hands to its control: spread them on the input, select or textarea. */
export interface FormControlProps {
  id: string;
  required?: boolean;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

export interface FormFieldProps {
  label: string;
  /** Help shown under the label at all times (format, limits). */
  hint?: ReactNode;
  /** The field's error, announced and tied to the control; null/undefined: valid. */
  error?: ReactNode;
  required?: boolean;
  lang?: Lang;
  /** Laid out in a row with other inline fields (filters). */
  inline?: boolean;
  /** The control, given the ids and states it must carry. */
  children(control: FormControlProps): ReactNode;
}

/**
 * One labelled form field: label (with "obligatorio" spelled out, not only an asterisk), hint and
 * error tied to the control by aria-describedby, aria-invalid set while in error. The control is
 * the caller's native element, so keyboard and screen-reader behaviour come from the browser.
 */
export function FormField({ label, hint, error, required = false, lang = "es", inline = false, children }: FormFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasError = error !== undefined && error !== null && error !== false;
  const describedBy = [hint ? hintId : null, hasError ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={inline ? "field field--inline" : "field"} data-invalid={hasError || undefined}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <>
            {" "}
            <span className="field__required">({lang === "es" ? "obligatorio" : "required"})</span>
          </>
        ) : null}
      </label>
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
      {children({
        id,
        ...(required ? { required: true } : {}),
        ...(hasError ? { "aria-invalid": true as const } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      })}
      {hasError ? (
        <span id={errorId} className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
