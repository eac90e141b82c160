/** Technical domains from the taxonomy as a group of checkboxes (a fieldset with its legend, hint and error). */
import { DOMAINS } from '../../domain/taxonomy.js';
import { fieldId } from './form.js';

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
      <fieldset
        id={id}
        aria-describedby={[p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].join(' ').trim() || undefined}
      >
        <legend class="field__label">
          {p.label ?? '技术领域'}
          {p.required === false ? <span class="field__optional">（选填）</span> : null}
        </legend>
        {p.hint ? (
          <div id={`${id}-hint`} class="field__hint">
            {p.hint}
          </div>
        ) : null}
        {p.error ? (
          <p id={`${id}-error`} class="field__error">
            <span class="visually-hidden">错误：</span>
            {p.error}
          </p>
        ) : null}
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
