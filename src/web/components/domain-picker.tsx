/** Technical domains from the taxonomy as a group of checkboxes (a fieldset with its legend, hint and error). */
import { DOMAINS } from '../../domain/taxonomy.js';
import { describedBy, FieldHelp, fieldId } from './form.js';

export function DomainPicker(p: {
  name?: string;
  label?: string;
  hint?: string;
  selected: readonly string[];
  error?: string;
  required?: boolean;
}) {
  const name = p.name ?? 'domains';
  const id = fieldId(name);
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <fieldset id={id} aria-describedby={describedBy(name, p.hint, p.error)}>
        <legend class="field__label">
          {p.label ?? '技术领域'}
          {p.required === false ? <span class="field__optional">（选填）</span> : null}
        </legend>
        <FieldHelp id={id} hint={p.hint} error={p.error} />
        <div class="checkboxes">
          {DOMAINS.map((d) => (
            <label class="checkbox">
              <input type="checkbox" name={name} value={d.code} checked={p.selected.includes(d.code)} />
              {d.name}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
