/**
 * The form that records or edits a 共建研发中心: name, kind, the parties (with the lab and the agreement
 * it grew out of), the level it is built or applied at, planning date, summary. Parties and level are
 * fixed once recorded (the API's `UpdateCentre` does not change them; a level rises by an upgrade).
 */
import { CENTRE_KIND_LABELS, CENTRE_LEVEL_LABELS } from '../../domain/centres.js';
import { ErrorSummary, Form, FormField, labelOptions, SelectField } from '../components/index.js';
import { type FormErrors, type RawForm, rawValue } from '../forms.js';
import { PartyFields } from './party-fields.js';
import type { PartyOptions } from './party-options.js';

export function CentreForm(p: {
  action: string;
  values: RawForm;
  errors: FormErrors;
  options: PartyOptions;
  submit: string;
  cancel: string;
  /** Editing: the parties and level are shown, not chosen. */
  fixed?: { enterprise: string; university: string; level: string };
}) {
  const { values: v, errors: e } = p;
  return (
    <>
      <ErrorSummary errors={e} />
      <Form action={p.action} class="form">
        {v.version ? <input type="hidden" name="version" value={rawValue(v, 'version')} /> : null}
        <FormField name="name" label="中心名称" value={rawValue(v, 'name')} error={e.name} required />
        <SelectField
          name="kind"
          label="类型"
          value={rawValue(v, 'kind')}
          options={labelOptions(CENTRE_KIND_LABELS)}
          empty="请选择"
          error={e.kind}
          required
        />
        {p.fixed ? (
          <>
            <dl class="facts">
              <dt>企业</dt>
              <dd>{p.fixed.enterprise}</dd>
              <dt>高校/院所</dt>
              <dd>{p.fixed.university}</dd>
              <dt>级别</dt>
              <dd>{p.fixed.level}（升级在中心页面记录）</dd>
            </dl>
            <SelectField
              name="labId"
              label="依托的实验室/团队"
              value={rawValue(v, 'labId')}
              options={p.options.labs}
              empty="（不指定）"
              error={e.labId}
            />
            <SelectField
              name="agreementId"
              label="依托的合作协议"
              value={rawValue(v, 'agreementId')}
              options={p.options.agreements}
              empty="（无）"
              error={e.agreementId}
            />
          </>
        ) : (
          <>
            <PartyFields refresh="/bureau/centres/parties" pick="agreement" options={p.options} values={v} errors={e} />
            <SelectField
              name="level"
              label="建设/申报级别"
              hint="之后获更高级别认定时，在中心页面记录升级"
              value={rawValue(v, 'level')}
              options={labelOptions(CENTRE_LEVEL_LABELS)}
              empty="请选择"
              error={e.level}
              required
            />
          </>
        )}
        <FormField
          name="plannedOn"
          label="立项/筹建日期"
          type="date"
          value={rawValue(v, 'plannedOn')}
          error={e.plannedOn}
        />
        <FormField name="summary" label="简介" rows={4} value={rawValue(v, 'summary')} error={e.summary} />
        <div class="actions">
          <button type="submit">{p.submit}</button>
          <a href={p.cancel}>取消</a>
        </div>
      </Form>
    </>
  );
}
