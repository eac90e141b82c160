/**
 * 半年报 · 平台外数据: the small form where the bureau enters, for the period on screen, the figures
 * the platform does not record — each with its source and date — and the history of changes.
 * The form posts every figure; `parseEnteredForm` checks it with the API's own schema per figure.
 */
import { ENTERED_FIGURES } from '../../domain/entered-figures.js';
import {
  enteredFigureInput,
  type EnteredFigureInput,
  type EnteredView,
} from '../../modules/reports/entered-schemas.js';
import { fieldId, Form, formatTime, Table } from '../components/index.js';
import { type FormErrors, formErrors, type RawForm, rawValue } from '../forms.js';

/** A number as typed (a negative one too: the schema then says it may not be negative). */
const NUMBER = /^-?\d+(\.\d+)?$/;
const name = (key: string, part: 'value' | 'source' | 'sourceDate') => `${key}.${part}`;

/**
 * The posted form as the API's `figures`: a figure left wholly empty is cleared (null); one with any
 * part filled must be complete. Errors are keyed by field name (`patents.granted.value`).
 */
export function parseEnteredForm(raw: RawForm): {
  figures: Record<string, EnteredFigureInput | null>;
  errors: FormErrors;
} {
  const figures: Record<string, EnteredFigureInput | null> = {};
  const errors: FormErrors = {};
  for (const f of ENTERED_FIGURES) {
    const [value, source, sourceDate] = (['value', 'source', 'sourceDate'] as const).map((p) =>
      rawValue(raw, name(f.key, p)).trim(),
    ) as [string, string, string];
    if (!value && !source && !sourceDate) {
      figures[f.key] = null;
      continue;
    }
    // Thousands separators as typed in Excel ("1,200") are not part of the number.
    const number = value.replace(/[,，]/g, '');
    const input = {
      ...(value ? { value: NUMBER.test(number) ? Number(number) : value } : {}),
      ...(source ? { source } : {}),
      ...(sourceDate ? { sourceDate } : {}),
    };
    const parsed = enteredFigureInput(f.decimals).safeParse(input);
    if (parsed.success) {
      figures[f.key] = parsed.data;
      continue;
    }
    const own = formErrors(parsed.error.issues, input);
    const missing = { value: '请填写数值', source: '请填写来源', sourceDate: '请填写数据日期' } as const;
    for (const p of ['value', 'source', 'sourceDate'] as const) {
      const message = own[p];
      if (message) errors[name(f.key, p)] = message === '此项必填' ? missing[p] : message;
    }
  }
  return { figures, errors };
}

/** A service error's paths (`figures.<key>.<part>`) as the form's field names. */
export const enteredServiceErrors = (errors: { path: string; message: string }[]): FormErrors =>
  Object.fromEntries(errors.map((e) => [e.path.replace(/^figures\./, ''), e.message]));

function Input(p: {
  field: string;
  label: string;
  type: 'text' | 'date';
  value: string;
  error?: string;
  attrs?: Record<string, string>;
}) {
  const id = fieldId(p.field);
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label for={id} class="field__label">
        {p.label}
      </label>
      {p.error ? (
        <p id={`${id}-error`} class="field__error">
          <span class="visually-hidden">错误：</span>
          {p.error}
        </p>
      ) : null}
      <input
        id={id}
        name={p.field}
        type={p.type}
        value={p.value}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? `${id}-error` : undefined}
        {...p.attrs}
      />
    </div>
  );
}

export function EnteredFiguresForm(p: { action: string; view: EnteredView; errors: FormErrors; raw?: RawForm }) {
  const { view, errors, raw } = p;
  const shown = (key: string, part: 'value' | 'source' | 'sourceDate') => {
    if (raw) return rawValue(raw, name(key, part));
    const v = view.figures.find((f) => f.key === key)?.[part];
    return v === null || v === undefined ? '' : String(v);
  };
  return (
    <>
      <h2 id="entered">平台外数据（局方填报）</h2>
      <p>
        专利、项目资金、全市高新技术企业总数、孵化载体与科普等数字平台不记录。请按本期（{view.period.from} 至{' '}
        {view.period.to}）填报，注明来源与数据日期；草稿随即采用，占全市比重按期末有效高新技术企业数计算。
        整行留空即清除该项。每次修改都会记录填报人和时间。
      </p>
      <Form action={p.action} class="report-entered">
        <input type="hidden" name="version" value={String(view.version)} />
        {ENTERED_FIGURES.map((f) => {
          const current = view.figures.find((x) => x.key === f.key);
          return (
            <fieldset class="report-entered__figure">
              <legend>
                {f.label}（{f.unit}）
              </legend>
              <Input
                field={name(f.key, 'value')}
                label={`数值（${f.unit}）`}
                type="text"
                value={shown(f.key, 'value')}
                error={errors[name(f.key, 'value')]}
                attrs={{ inputmode: f.decimals ? 'decimal' : 'numeric', autocomplete: 'off' }}
              />
              <Input
                field={name(f.key, 'source')}
                label="来源"
                type="text"
                value={shown(f.key, 'source')}
                error={errors[name(f.key, 'source')]}
                attrs={{ maxlength: '200', placeholder: '如：区市场监管局统计' }}
              />
              <Input
                field={name(f.key, 'sourceDate')}
                label="数据日期"
                type="date"
                value={shown(f.key, 'sourceDate')}
                error={errors[name(f.key, 'sourceDate')]}
              />
              {current?.enteredBy ? (
                <p class="field__hint">
                  {current.enteredBy} 于 {formatTime(new Date(current.enteredAt!))} 填报
                </p>
              ) : null}
            </fieldset>
          );
        })}
        <div class="actions">
          <button type="submit">保存填报数字</button>
        </div>
      </Form>
      {view.history.length ? (
        <Table
          caption={`填报记录（${view.history.length} 条，新的在前）`}
          rows={view.history}
          columns={[
            { label: '时间', cell: (h) => formatTime(new Date(h.enteredAt!)) },
            { label: '填报人', cell: (h) => h.enteredBy ?? '—' },
            { label: '指标', cell: (h) => h.label },
            { label: '数值', numeric: true, cell: (h) => (h.value === null ? '（清除）' : `${h.value}${h.unit}`) },
            { label: '来源', cell: (h) => h.source ?? '—' },
            { label: '数据日期', cell: (h) => h.sourceDate ?? '—' },
          ]}
        />
      ) : (
        <p>本期还没有填报记录。</p>
      )}
    </>
  );
}
