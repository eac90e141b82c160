/** A labelled <select> inside a FormField (hint and error beside it), for pickers of records or codes. */
import { describedBy, fieldId, FormField } from './form.js';

export interface SelectOption {
  value: string;
  label: string;
}

export function SelectField(p: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  options: readonly SelectOption[];
  /** The first, empty option ('' = not chosen); omit for a select that always has a value. */
  empty?: string;
  required?: boolean;
  /** More attributes for the select (htmx …). */
  attrs?: Record<string, string | undefined>;
}) {
  return (
    <FormField name={p.name} label={p.label} hint={p.hint} error={p.error} required={p.required}>
      <select
        id={fieldId(p.name)}
        name={p.name}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
        {...p.attrs}
      >
        {p.empty !== undefined ? <option value="">{p.empty}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FormField>
  );
}

/** A code → label record as options. */
export const labelOptions = (labels: Record<string, string>): SelectOption[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
