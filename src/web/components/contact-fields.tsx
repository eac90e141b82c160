/**
 * The contact person's fields of a profile form (企业信息, 实验室档案): name, optionally a job title,
 * phone and email, each with its autocomplete token and its error beside it.
 */
import { type FormErrors, type RawForm, rawValue } from '../forms.js';
import { FormField } from './form.js';

export function ContactFields(p: {
  values: RawForm;
  errors: FormErrors;
  /** Adds 职务 (`contactTitle`) after the name. */
  withTitle?: boolean;
  phoneHint?: string;
}) {
  const v = (name: string) => rawValue(p.values, name);
  return (
    <>
      <FormField
        name="contactName"
        label="联系人"
        value={v('contactName')}
        error={p.errors.contactName}
        autocomplete="name"
      />
      {p.withTitle ? (
        <FormField name="contactTitle" label="职务" value={v('contactTitle')} error={p.errors.contactTitle} />
      ) : null}
      <FormField
        name="contactPhone"
        label="联系电话"
        hint={p.phoneHint}
        type="tel"
        value={v('contactPhone')}
        error={p.errors.contactPhone}
        autocomplete="tel"
      />
      <FormField
        name="contactEmail"
        label="电子邮箱"
        type="email"
        value={v('contactEmail')}
        error={p.errors.contactEmail}
        autocomplete="email"
      />
    </>
  );
}
