/**
 * 合作协议 (/bureau/agreements): the list (type, status, registration, university and signing period
 * in the URL; sortable, paged), the form that records or edits an agreement, and the writes of its
 * page — registration and status. Every write goes through the agreements service with the API's
 * schemas, so the rules, messages and audit rows are the API's.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { AGREEMENT_STATUS_LABELS, AGREEMENT_TYPE_LABELS, REGISTRATION_STATE_LABELS } from '../../domain/agreements.js';
import { VersionField } from '../../http/schemas.js';
import { CreateAgreement, ListAgreementsQuery, UpdateAgreement } from '../../modules/agreements/schemas.js';
import { agreementService } from '../../modules/agreements/service.js';
import { problemService } from '../../modules/problems/service.js';
import type { WebEnv } from '../env.js';
import { idParam } from '../ids.js';
import { parseForm, type RawForm, leftEmpty } from '../forms.js';
import { flash } from '../session.js';
import { AgreementForm } from './agreement-form.js';
import { RegistrationBadge, renderAgreement } from './agreement-detail.js';
import { listPage, mountListPage } from './list-page.js';
import { PartyFields } from './party-fields.js';
import { idOrUndefined, partyNames, partyOptions } from './party-options.js';
import { actionErrors, changeCtx, type PageContext } from './shared.js';

/** The form's required pickers and dates (left empty they read 此项必填). */
const REQUIRED = ['enterpriseId', 'universityId', 'signedOn'];
const BASE = '/bureau/agreements';
const ID = idParam();

const EditAgreement = CreateAgreement.extend({ version: VersionField });
const RegistrationForm = UpdateAgreement.pick({ registeredOn: true, registrationNo: true, version: true }).required({
  registeredOn: true,
  registrationNo: true,
});
const StatusForm = UpdateAgreement.pick({ status: true, statusNote: true, version: true }).required({ status: true });

const versionOf = (v: number | undefined) => ({ version: v ?? 0, from: 'body' as const });
const chosen = (raw: RawForm) => ({
  enterpriseId: idOrUndefined(raw.enterpriseId),
  universityId: idOrUndefined(raw.universityId),
});

export function agreementPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const agreements = agreementService(deps);

  mountListPage(
    app,
    listPage({
      path: BASE,
      title: '合作协议',
      query: ListAgreementsQuery,
      list: (actor, input) => agreements.list(actor, input),
      defaultSort: '-signedOn',
      sortable: { 签订日期: 'signedOn', '金额（万元）': 'amountWan', 登记截止: 'registrationDueOn' },
      above: (
        <p class="actions">
          <a href={`${BASE}/new`} class="button-link">
            登记合作协议
          </a>
        </p>
      ),
      filters: async () => [
        { name: 'type', label: '类型', options: AGREEMENT_TYPE_LABELS },
        { name: 'status', label: '状态', options: AGREEMENT_STATUS_LABELS },
        { name: 'registration', label: '认定登记', options: REGISTRATION_STATE_LABELS },
        {
          name: 'universityId',
          label: '高校/院所',
          options: Object.fromEntries((await partyNames(deps, 'universities')).map((u) => [u.value, u.label])),
        },
      ],
      dates: [
        { name: 'signedFrom', label: '签订日期起' },
        { name: 'signedTo', label: '签订日期止' },
      ],
      empty: '协议签订后点“登记合作协议”录入；或换一个筛选条件再试。',
      columns: [
        { label: '协议', cell: (a) => <a href={`${BASE}/${a.id}`}>{a.title}</a> },
        { label: '类型', cell: (a) => a.typeLabel },
        { label: '企业', cell: (a) => a.enterprise.name },
        { label: '高校/院所', cell: (a) => a.university.name },
        { label: '金额（万元）', numeric: true, cell: (a) => a.amountWan ?? '—' },
        { label: '签订日期', cell: (a) => a.signedOn },
        { label: '状态', cell: (a) => a.statusLabel },
        {
          label: '登记截止',
          cell: (a) => (
            <span class={a.registration.state === 'overdue' ? 'overdue' : undefined}>{a.registration.dueOn}</span>
          ),
        },
        { label: '认定登记', cell: (a) => <RegistrationBadge r={a.registration} /> },
      ],
    }),
  );

  const renderForm = async (
    c: PageContext,
    mode: { action: string; title: string; submit: string; cancel: string },
    values: RawForm,
    errors = {},
  ) =>
    c.render(
      <AgreementForm
        action={mode.action}
        values={values}
        errors={errors}
        options={await partyOptions(deps, c.get('actor'), chosen(values), 'problems')}
        submit={mode.submit}
        cancel={mode.cancel}
      />,
      { title: mode.title, error: Object.keys(errors).length > 0 },
    );
  const NEW = { action: BASE, title: '登记合作协议', submit: '登记协议', cancel: BASE };
  const EDIT = (id: string) => ({
    action: `${BASE}/${id}`,
    title: '修改合作协议',
    submit: '保存修改',
    cancel: `${BASE}/${id}`,
  });

  /** `?problemId=` (from a problem's workspace) fills in its enterprise and ticks it; `?universityId=&labId=` too. */
  app.get(`${BASE}/new`, async (c) => {
    const q = c.req.query();
    const problemId = idOrUndefined(q.problemId);
    const values: RawForm = { signedOn: '', universityId: q.universityId ?? '', labId: q.labId ?? '' };
    if (problemId) {
      const p = await problemService(deps).get(c.get('actor'), problemId);
      Object.assign(values, { enterpriseId: p.enterpriseId, problemIds: [p.id], title: `${p.title}合作协议` });
    } else if (q.enterpriseId) values.enterpriseId = q.enterpriseId;
    return renderForm(c, NEW, values);
  });

  app.post(BASE, async (c) => {
    const f = await parseForm(c, CreateAgreement);
    if (!f.ok) return renderForm(c, NEW, f.raw, leftEmpty(f.errors, f.raw, REQUIRED));
    try {
      const a = await agreements.create(changeCtx(c), f.values);
      flash(c, deps, '已登记合作协议');
      return c.redirect(`${BASE}/${a.id}`, 303);
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return renderForm(c, NEW, f.raw, errors);
    }
  });

  /** The parties fieldset alone, for the chosen enterprise and university (htmx). */
  app.get(`${BASE}/parties`, async (c) => {
    const raw: RawForm = { ...c.req.query(), problemIds: c.req.queries('problemIds') ?? [] };
    const options = await partyOptions(deps, c.get('actor'), chosen(raw), 'problems');
    return c.html(
      <PartyFields refresh={`${BASE}/parties`} pick="problems" options={options} values={raw} errors={{}} />,
    );
  });

  app.get(`${BASE}/${ID}`, (c) => renderAgreement(c, deps, c.req.param('id')));

  app.get(`${BASE}/${ID}/edit`, async (c) => {
    const a = await agreements.get(c.get('actor'), c.req.param('id'));
    const values: RawForm = {
      title: a.title,
      type: a.type,
      developmentMode: a.developmentMode ?? '',
      enterpriseId: a.enterpriseId,
      universityId: a.universityId,
      labId: a.labId ?? '',
      problemIds: a.problemIds,
      amountWan: a.amountWan === null ? '' : String(a.amountWan),
      signedOn: a.signedOn,
      startOn: a.startOn ?? '',
      endOn: a.endOn ?? '',
      summary: a.summary ?? '',
      version: String(a.version),
    };
    return renderForm(c, EDIT(a.id), values);
  });

  app.post(`${BASE}/${ID}`, async (c) => {
    const id = c.req.param('id');
    const f = await parseForm(c, EditAgreement);
    if (!f.ok) return renderForm(c, EDIT(id), f.raw, leftEmpty(f.errors, f.raw, REQUIRED));
    const { version, ...v } = f.values;
    try {
      await agreements.update(changeCtx(c), id, versionOf(version), {
        ...v,
        developmentMode: v.developmentMode ?? null,
        labId: v.labId ?? null,
        amountWan: v.amountWan ?? null,
        startOn: v.startOn ?? null,
        endOn: v.endOn ?? null,
        summary: v.summary ?? null,
      });
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return renderForm(c, EDIT(id), f.raw, errors);
    }
    flash(c, deps, '已保存');
    return c.redirect(`${BASE}/${id}`, 303);
  });

  /** Runs one write of the agreement's page; a refusal re-renders the page with the message beside that form. */
  const pageWrite =
    <S extends z.ZodType>(schema: S, form: 'status' | 'registration', done: string, required: string[] = []) =>
    async (c: PageContext) => {
      const id = c.req.param('id')!;
      const f = await parseForm(c, schema);
      if (!f.ok)
        return renderAgreement(c, deps, id, { form, values: f.raw, errors: leftEmpty(f.errors, f.raw, required) });
      const { version, ...patch } = f.values as { version?: number };
      try {
        await agreements.update(changeCtx(c), id, versionOf(version), patch);
      } catch (err) {
        const errors = actionErrors(err);
        if (!errors) throw err;
        return renderAgreement(c, deps, id, { form, values: f.raw, errors });
      }
      flash(c, deps, done);
      return c.redirect(`${BASE}/${id}#${form}`, 303);
    };
  app.post(
    `${BASE}/${ID}/registration`,
    pageWrite(RegistrationForm, 'registration', '已记录认定登记', ['registeredOn']),
  );
  app.post(`${BASE}/${ID}/status`, pageWrite(StatusForm, 'status', '已变更状态'));
  return app;
}
