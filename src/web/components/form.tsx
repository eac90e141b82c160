/**
 * Forms the GOV.UK way: labels above fields, a hint under the label, the error beside the field
 * (and in the ErrorSummary at the top, which links to the field), the user's input kept.
 * `<Form>` adds the CSRF field; a hand-written <form method="post"> must include `<CsrfField/>`.
 */
import type { Child } from 'hono/jsx';
import { useRequestContext } from 'hono/jsx-renderer';
import { CSRF_FIELD } from '../csrf.js';
import { FORM_ERROR, type FormErrors } from '../forms.js';

/** The id of a field's input, used by labels and the error summary's links. */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function CsrfField() {
  const c = useRequestContext();
  return <input type="hidden" name={CSRF_FIELD} value={(c.get('csrfToken') as string | undefined) ?? ''} />;
}

export function Form(props: {
  action: string;
  method?: 'post' | 'get';
  class?: string;
  children?: Child;
  novalidate?: boolean;
  enctype?: 'multipart/form-data';
  [hx: `hx-${string}`]: string | undefined;
}) {
  const { action, method = 'post', children, novalidate = true, ...rest } = props;
  return (
    <form action={action} method={method} novalidate={novalidate} {...rest}>
      {method === 'post' ? <CsrfField /> : null}
      {children}
    </form>
  );
}

export interface FieldProps {
  name: string;
  /** The input's id when the same field name appears more than once on a page (default `fieldId(name)`). */
  id?: string;
  label: string;
  hint?: Child;
  error?: string;
  value?: string | number | null;
  type?: 'text' | 'password' | 'email' | 'tel' | 'number' | 'date' | 'search' | 'url';
  autocomplete?: string;
  required?: boolean;
  /** A textarea instead of an input. */
  rows?: number;
  /** Renders this control instead of an input (give it id={fieldId(name)} and aria-describedby={describedBy(...)}). */
  children?: Child;
  /** More attributes for the input (htmx, inputmode, maxlength …). */
  attrs?: Record<string, string | number | boolean | undefined>;
}

/** The ids an input's aria-describedby should name: its hint and its error. */
export const describedBy = (name: string, hint: unknown, error: unknown) =>
  [hint ? `${fieldId(name)}-hint` : null, error ? `${fieldId(name)}-error` : null].filter(Boolean).join(' ') ||
  undefined;

/** A field's hint under its label and its error beside it, with the ids `describedBy` names. */
export function FieldHelp({ id, hint, error }: { id: string; hint?: Child; error?: string }) {
  return (
    <>
      {hint ? (
        <div id={`${id}-hint`} class="field__hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="field__error">
          <span class="visually-hidden">错误：</span>
          {error}
        </p>
      ) : null}
    </>
  );
}

export function FormField(p: FieldProps) {
  const id = p.id ?? fieldId(p.name);
  const described =
    [p.hint ? `${id}-hint` : null, p.error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: p.name,
    'aria-describedby': described,
    'aria-invalid': p.error ? 'true' : undefined,
    required: p.required,
    ...p.attrs,
  };
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label for={id} class="field__label">
        {p.label}
        {p.required ? null : <span class="field__optional">（选填）</span>}
      </label>
      <FieldHelp id={id} hint={p.hint} error={p.error} />
      {p.children ??
        (p.rows ? (
          <textarea {...common} rows={p.rows}>
            {p.value ?? ''}
          </textarea>
        ) : (
          <input {...common} type={p.type ?? 'text'} value={p.value ?? ''} autocomplete={p.autocomplete} />
        ))}
    </div>
  );
}

/** The box at the top of a form page listing every error, each linking to its field. */
export function ErrorSummary({
  errors,
  title = '提交的内容有问题',
  ids = {},
  named = false,
}: {
  errors: FormErrors;
  title?: string;
  /** The messages already name their fields (a list's query notice): app.js adds no labels. */
  named?: boolean;
  /** The input of a field whose id is not `fieldId(name)` (see FieldProps.id). */
  ids?: Record<string, string>;
}) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} data-error-summary={named ? 'named' : ''}>
      <h2 class="error-summary__title">{title}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>{name === FORM_ERROR ? message : <a href={`#${ids[name] ?? fieldId(name)}`}>{message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}
