/**
 * 共建研发中心 (/bureau/centres): the list (kind, level and status in the URL; sortable, paged), the
 * form that records or edits a centre, and the writes of its page — status changes and level
 * upgrades. Every write goes through the centres service with the API's schemas (same rules,
 * messages, history and audit rows as the API).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { CENTRE_KIND_LABELS, CENTRE_LEVEL_LABELS, CENTRE_STATUS_LABELS } from '../../domain/centres.js';
import { DateString, VersionField } from '../../http/schemas.js';
import { agreementService } from '../../modules/agreements/service.js';
import {
  CentreStatus,
  CreateCentre,
  ListCentresQuery,
  UpdateCentre,
  UpgradeLevel,
} from '../../modules/centres/schemas.js';
import { centreService } from '../../modules/centres/service.js';
import type { WebEnv } from '../env.js';
import { idParam } from '../ids.js';
import { parseForm, type RawForm, leftEmpty } from '../forms.js';
import { flash } from '../session.js';
import { CentreForm } from './centre-form.js';
import { renderCentre } from './centre-detail.js';
import { listPage, mountListPage } from './list-page.js';
import { PartyFields } from './party-fields.js';
import { idOrUndefined, partyOptions } from './party-options.js';
import { actionErrors, changeCtx, type PageContext } from './shared.js';

/** The form's required pickers (left at 请选择 they read 此项必填). */
const PICKERS = ['enterpriseId', 'universityId'];
const BASE = '/bureau/centres';
const ID = idParam();

/** What `UpdateCentre` lets a page edit (parties and level stay; the level rises by an upgrade). */
const EditCentre = CreateCentre.omit({ enterpriseId: true, universityId: true, level: true }).extend({
  version: VersionField,
});
/** `UpdateCentre`'s status fields (its refinement keeps `.pick()` from being used). */
const StatusForm = z.object({
  status: CentreStatus,
  statusOn: DateString.optional(),
  statusNote: UpdateCentre.shape.statusNote,
  version: VersionField,
});

const versionOf = (v: number | undefined) => ({ version: v ?? 0, from: 'body' as const });
const chosen = (raw: RawForm) => ({
  enterpriseId: idOrUndefined(raw.enterpriseId),
  universityId: idOrUndefined(raw.universityId),
});

export function centrePages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const centres = centreService(deps);

  mountListPage(
    app,
    listPage({
      path: BASE,
      title: '共建研发中心',
      query: ListCentresQuery,
      list: (actor, input) => centres.list(actor, input),
      defaultSort: 'name',
      sortable: { 名称: 'name', 认定日期: 'recognizedOn' },
      above: (
        <p class="actions">
          <a href={`${BASE}/new`} class="button-link">
            登记共建研发中心
          </a>
        </p>
      ),
      filters: [
        { name: 'kind', label: '类型', options: CENTRE_KIND_LABELS },
        { name: 'level', label: '级别', options: CENTRE_LEVEL_LABELS },
        { name: 'status', label: '状态', options: CENTRE_STATUS_LABELS },
      ],
      empty: '校企共建研发中心后点“登记共建研发中心”录入；或换一个筛选条件再试。',
      columns: [
        { label: '名称', cell: (x) => <a href={`${BASE}/${x.id}`}>{x.name}</a> },
        { label: '类型', cell: (x) => x.kindLabel },
        { label: '企业', cell: (x) => x.enterprise.name },
        { label: '高校/院所', cell: (x) => x.university.name },
        { label: '级别', cell: (x) => x.levelLabel },
        { label: '状态', cell: (x) => x.statusLabel },
        { label: '认定日期', cell: (x) => x.recognizedOn ?? '—' },
        { label: '依托协议', cell: (x) => x.agreement?.title ?? '—' },
      ],
    }),
  );

  const NEW = { action: BASE, title: '登记共建研发中心', submit: '登记中心', cancel: BASE };
  const renderNew = async (c: PageContext, values: RawForm, errors = {}) =>
    c.render(
      <CentreForm
        {...NEW}
        values={values}
        errors={errors}
        options={await partyOptions(deps, c.get('actor'), chosen(values), 'agreement')}
      />,
      { title: NEW.title, error: Object.keys(errors).length > 0 },
    );
  const renderEdit = async (c: PageContext, id: string, values: RawForm, errors = {}) => {
    const x = await centres.get(c.get('actor'), id);
    const options = await partyOptions(deps, c.get('actor'), x, 'agreement');
    return c.render(
      <CentreForm
        action={`${BASE}/${id}`}
        submit="保存修改"
        cancel={`${BASE}/${id}`}
        values={values}
        errors={errors}
        options={options}
        fixed={{ enterprise: x.enterprise.name, university: x.university.name, level: x.levelLabel }}
      />,
      { title: '修改共建研发中心', error: Object.keys(errors).length > 0 },
    );
  };

  /** `?agreementId=` (from an agreement's page) fills in its parties, lab and the agreement. */
  app.get(`${BASE}/new`, async (c) => {
    const agreementId = idOrUndefined(c.req.query('agreementId'));
    const values: RawForm = { kind: 'rd_centre', level: 'district' };
    if (agreementId) {
      const a = await agreementService(deps).get(c.get('actor'), agreementId);
      Object.assign(values, {
        enterpriseId: a.enterpriseId,
        universityId: a.universityId,
        labId: a.labId ?? '',
        agreementId: a.id,
      });
    }
    return renderNew(c, values);
  });

  app.post(BASE, async (c) => {
    const f = await parseForm(c, CreateCentre);
    if (!f.ok) return renderNew(c, f.raw, leftEmpty(f.errors, f.raw, PICKERS));
    try {
      const x = await centres.create(changeCtx(c), f.values);
      flash(c, deps, '已登记共建研发中心');
      return c.redirect(`${BASE}/${x.id}`, 303);
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return renderNew(c, f.raw, errors);
    }
  });

  app.get(`${BASE}/parties`, async (c) => {
    const raw: RawForm = c.req.query();
    const options = await partyOptions(deps, c.get('actor'), chosen(raw), 'agreement');
    return c.html(
      <PartyFields refresh={`${BASE}/parties`} pick="agreement" options={options} values={raw} errors={{}} />,
    );
  });

  app.get(`${BASE}/${ID}`, (c) => renderCentre(c, deps, c.req.param('id')));

  app.get(`${BASE}/${ID}/edit`, async (c) => {
    const x = await centres.get(c.get('actor'), c.req.param('id'));
    return renderEdit(c, x.id, {
      name: x.name,
      kind: x.kind,
      labId: x.labId ?? '',
      agreementId: x.agreementId ?? '',
      plannedOn: x.plannedOn ?? '',
      summary: x.summary ?? '',
      version: String(x.version),
    });
  });

  app.post(`${BASE}/${ID}`, async (c) => {
    const id = c.req.param('id');
    const f = await parseForm(c, EditCentre);
    if (!f.ok) return renderEdit(c, id, f.raw, f.errors);
    const { version, ...v } = f.values;
    try {
      await centres.update(changeCtx(c), id, versionOf(version), {
        ...v,
        labId: v.labId ?? null,
        agreementId: v.agreementId ?? null,
        plannedOn: v.plannedOn ?? null,
        summary: v.summary ?? null,
      });
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return renderEdit(c, id, f.raw, errors);
    }
    flash(c, deps, '已保存');
    return c.redirect(`${BASE}/${id}`, 303);
  });

  app.post(`${BASE}/${ID}/status`, async (c) => {
    const id = c.req.param('id');
    const f = await parseForm(c, StatusForm);
    if (!f.ok) return renderCentre(c, deps, id, { form: 'status', values: f.raw, errors: f.errors });
    const { version, ...patch } = f.values;
    try {
      await centres.update(changeCtx(c), id, versionOf(version), patch);
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return renderCentre(c, deps, id, { form: 'status', values: f.raw, errors });
    }
    flash(c, deps, '已变更状态');
    return c.redirect(`${BASE}/${id}#status`, 303);
  });

  app.post(`${BASE}/${ID}/level`, async (c) => {
    const id = c.req.param('id');
    const f = await parseForm(c, UpgradeLevel);
    if (!f.ok)
      return renderCentre(c, deps, id, {
        form: 'level',
        values: f.raw,
        errors: leftEmpty(f.errors, f.raw, ['effectiveOn']),
      });
    const { version, ...input } = f.values;
    try {
      await centres.upgrade(changeCtx(c), id, input, versionOf(version));
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return renderCentre(c, deps, id, { form: 'level', values: f.raw, errors });
    }
    flash(c, deps, '已记录级别升级');
    return c.redirect(`${BASE}/${id}#levels`, 303);
  });
  return app;
}
