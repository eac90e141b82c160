/** 企业信息: the enterprise's profile (统一社会信用代码 checked by the API's schema) and its contact. */
import type { Context } from 'hono';
import type { AppDeps } from '../../deps.js';
import { UpdateEnterprise } from '../../modules/enterprises/schemas.js';
import { enterpriseService } from '../../modules/enterprises/service.js';
import { ContactFields, ErrorSummary, Form, FormField } from '../components/index.js';
import type { WebEnv } from '../env.js';
import { actionErrors, expected } from '../actions.js';
import { type FormErrors, parseForm, type RawForm, rawValue } from '../forms.js';
import { changeContext } from '../query.js';
import { flash } from '../session.js';

/** What an enterprise keeps up to date itself; the rest (liaison, certificates) is the bureau's. */
const EDITABLE = [
  'name',
  'creditCode',
  'industry',
  'address',
  'contactName',
  'contactTitle',
  'contactPhone',
  'contactEmail',
  'description',
] as const;
const ProfileFields = UpdateEnterprise.pick({
  ...Object.fromEntries(EDITABLE.map((k) => [k, true])),
  version: true,
} as Record<(typeof EDITABLE)[number] | 'version', true>);

function ProfileForm({ values, errors = {} }: { values: RawForm; errors?: FormErrors }) {
  const v = (n: string) => rawValue(values, n);
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form action="/enterprise/profile" class="form">
        <input type="hidden" name="version" value={v('version')} />
        <FormField name="name" label="企业名称" value={v('name')} error={errors.name} required />
        <FormField
          name="creditCode"
          label="统一社会信用代码"
          hint="18 位，末位为校验码，保存时自动核对；小写字母会转为大写。"
          value={v('creditCode')}
          error={errors.creditCode}
          attrs={{ maxlength: 18, autocapitalize: 'characters' }}
        />
        <FormField name="industry" label="所属行业" value={v('industry')} error={errors.industry} />
        <FormField name="address" label="地址" value={v('address')} error={errors.address} />
        <h2>联系人</h2>
        <p class="muted">区科技局引荐实验室后，对方会看到这里的联系人和电话。</p>
        <ContactFields values={values} errors={errors} withTitle phoneHint="手机或座机（含区号）。" />
        <FormField name="description" label="企业简介" rows={4} value={v('description')} error={errors.description} />
        <div class="actions">
          <button type="submit">保存</button>
        </div>
      </Form>
    </>
  );
}

export async function profilePage(c: Context<WebEnv>, deps: AppDeps) {
  const e = await enterpriseService(deps).get(c.get('actor'), c.get('actor').enterpriseId!);
  const values: RawForm = { version: String(e.version) };
  for (const k of EDITABLE)
    values[k] = (e as Record<string, unknown>)[k] == null ? '' : String((e as Record<string, unknown>)[k]);
  return c.render(<ProfileForm values={values} />, { title: '企业信息' });
}

export async function saveProfile(c: Context<WebEnv>, deps: AppDeps) {
  const form = await parseForm(c, ProfileFields);
  if (!form.ok)
    return c.render(<ProfileForm values={form.raw} errors={form.errors} />, { title: '企业信息', error: true });
  const { version, ...patch } = form.values;
  // A field emptied in the form clears the stored value.
  const cleared = Object.fromEntries(
    EDITABLE.filter((k) => k !== 'name' && patch[k] === undefined).map((k) => [k, null]),
  );
  try {
    await enterpriseService(deps).update(
      changeContext(c),
      c.get('actor').enterpriseId!,
      expected(version) ?? { version: -1, from: 'body' },
      { ...cleared, ...patch },
    );
  } catch (err) {
    const errors = actionErrors(err);
    if (!errors) throw err;
    return c.render(<ProfileForm values={form.raw} errors={errors} />, { title: '企业信息', error: true });
  }
  flash(c, deps, '企业信息已保存');
  return c.redirect('/enterprise/profile', 303);
}
