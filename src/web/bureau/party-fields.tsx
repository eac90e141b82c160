/**
 * The parties of an agreement or a centre: enterprise, university/institute, its lab, and — once both
 * sides are chosen — the enterprise's problems the agreement answers (checkboxes) or the agreement a
 * centre grew out of. Changing a party re-fetches this fieldset with htmx (`…/parties?…`), so the
 * labs, problems and agreements offered are always those of the chosen parties.
 */
import { fieldId, SelectField } from '../components/index.js';
import type { FormErrors, RawForm } from '../forms.js';
import { idOrUndefined, type PartyOptions } from './party-options.js';

const asList = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? v : v ? [v] : []).flatMap((s) => s.split(/[,，]/)).filter(Boolean);

export function PartyFields(p: {
  /** Where the fieldset re-fetches itself (GET, answered with this component alone). */
  refresh: string;
  /** An agreement picks the problems it answers; a centre, the agreement it grew out of. */
  pick: 'problems' | 'agreement';
  options: PartyOptions;
  values: RawForm;
  errors: FormErrors;
}) {
  const { options: o, values: v, errors: e } = p;
  const value = (name: string) => (typeof v[name] === 'string' ? (v[name] as string) : '');
  const enterpriseChosen = !!idOrUndefined(v.enterpriseId);
  const universityChosen = !!idOrUndefined(v.universityId);
  const hx = {
    'hx-get': p.refresh,
    'hx-include': '#parties',
    'hx-target': '#parties',
    'hx-swap': 'outerHTML',
    'hx-trigger': 'change',
  };
  const chosen = new Set(asList(v.problemIds));
  const problemsError = e.problemIds;
  return (
    <fieldset id="parties" class="parties">
      <legend class="field__label">合作各方</legend>
      <SelectField
        name="enterpriseId"
        label="企业"
        value={value('enterpriseId')}
        options={o.enterprises}
        empty="请选择企业"
        error={e.enterpriseId}
        required
        attrs={hx}
      />
      <SelectField
        name="universityId"
        label="高校/院所"
        value={value('universityId')}
        options={o.universities}
        empty="请选择高校/院所"
        error={e.universityId}
        required
        attrs={hx}
      />
      <SelectField
        name="labId"
        label="承担的实验室/团队"
        hint={universityChosen ? '须属于所选高校/院所' : '先选择高校/院所，这里列出它的实验室'}
        value={value('labId')}
        options={o.labs}
        empty="（不指定）"
        error={e.labId}
      />
      {p.pick === 'problems' ? (
        <div class={problemsError ? 'field field--error' : 'field'}>
          <fieldset
            id={fieldId('problemIds')}
            aria-describedby={`${fieldId('problemIds')}-hint${problemsError ? ` ${fieldId('problemIds')}-error` : ''}`}
          >
            <legend class="field__label">
              解决的技术难题<span class="field__optional">（选填）</span>
            </legend>
            <div id={`${fieldId('problemIds')}-hint`} class="field__hint">
              {enterpriseChosen
                ? o.problems.length
                  ? '勾选本协议解决的难题；签订后这些难题进入「已签约」。'
                  : '该企业还没有技术难题。'
                : '先选择企业，这里列出它的技术难题。'}
            </div>
            {problemsError ? (
              <p id={`${fieldId('problemIds')}-error`} class="field__error">
                <span class="visually-hidden">错误：</span>
                {problemsError}
              </p>
            ) : null}
            <div class="checkboxes checkboxes--wide">
              {o.problems.map((x) => (
                <label class="checkbox">
                  <input type="checkbox" name="problemIds" value={x.value} checked={chosen.has(x.value)} />
                  {x.label}（{x.stageLabel}）
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      ) : (
        <SelectField
          name="agreementId"
          label="依托的合作协议"
          hint={
            enterpriseChosen && universityChosen
              ? o.agreements.length
                ? '由哪份协议发展而来（须为同一企业与高校/院所）'
                : '双方之间还没有合作协议。'
              : '先选择企业与高校/院所，这里列出双方的协议。'
          }
          value={value('agreementId')}
          options={o.agreements}
          empty="（无）"
          error={e.agreementId}
        />
      )}
    </fieldset>
  );
}
