import { FormField } from "@refugio/ui";

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  value: string;
  options: readonly Option[];
  onChange(value: string): void;
  name?: string;
}

/** A labelled native select on the one form field: keyboard and screen-reader behaviour come from the browser. */
export function SelectField({ label, value, options, onChange, name }: SelectFieldProps) {
  return (
    <FormField label={label}>
      {(control) => (
        <select {...control} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
