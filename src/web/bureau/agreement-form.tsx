/**
 * The form that records or edits a 合作协议: title, type and development mode, the parties with
 * the problems answered, amount (万元), signing date and term, summary. It posts to the agreements
 * service through the API's `CreateAgreement` schema, so the rules and messages are the API's.
 */
import { AGREEMENT_TYPE_LABELS, DEVELOPMENT_MODE_LABELS, REGISTRATION_DAYS } from '../../domain/agreements.js';
import { ErrorSummary, Form, FormField, labelOptions, SelectField } from '../components/index.js';
import type { FormErrors, RawForm } from '../forms.js';
import { rawValue } from '../forms.js';
import { PartyFields } from './party-fields.js';
import type { PartyOptions } from './party-options.js';

export function AgreementForm(p: {
  action: string;
  values: RawForm;
  errors: FormErrors;
  options: PartyOptions;
  submit: string;
  cancel: string;
}) {
  const { values: v, errors: e } = p;
  return (
    <>
      <ErrorSummary errors={e} />
      <Form action={p.action} class="form">
        {v.version ? <input type="hidden" name="version" value={rawValue(v, 'version')} /> : null}
        <FormField name="title" label="协议名称" value={rawValue(v, 'title')} error={e.title} required />
        <SelectField
          name="type"
          label="协议类型"
          value={rawValue(v, 'type')}
          options={labelOptions(AGREEMENT_TYPE_LABELS)}
          empty="请选择"
          error={e.type}
          required
        />
        <SelectField
          name="developmentMode"
          label="开发方式"
          hint="仅技术开发协议填写：委托开发或合作开发"
          value={rawValue(v, 'developmentMode')}
          options={labelOptions(DEVELOPMENT_MODE_LABELS)}
          empty="（不适用）"
          error={e.developmentMode}
        />
        <PartyFields refresh="/bureau/agreements/parties" pick="problems" options={p.options} values={v} errors={e} />
        <FormField
          name="amountWan"
          label="合同金额（万元）"
          hint="例如 45 或 12.5"
          value={rawValue(v, 'amountWan')}
          error={e.amountWan}
          attrs={{ inputmode: 'decimal' }}
        />
        <FormField
          name="signedOn"
          label="签订日期"
          type="date"
          hint={`不晚于今天；技术合同认定登记截止为签订后 ${REGISTRATION_DAYS} 天`}
          value={rawValue(v, 'signedOn')}
          error={e.signedOn}
          required
        />
        <FormField name="startOn" label="履行期限起" type="date" value={rawValue(v, 'startOn')} error={e.startOn} />
        <FormField name="endOn" label="履行期限止" type="date" value={rawValue(v, 'endOn')} error={e.endOn} />
        <FormField name="summary" label="协议概要" rows={4} value={rawValue(v, 'summary')} error={e.summary} />
        <div class="actions">
          <button type="submit">{p.submit}</button>
          <a href={p.cancel}>取消</a>
        </div>
      </Form>
    </>
  );
}
