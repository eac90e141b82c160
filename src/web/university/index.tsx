/**
 * The university liaison's pages: 需求大厅 (search as you type), 难题详情 with express interest,
 * 我的实验室 (profiles, completeness, matching problems) and 引荐 (accept / decline). Reads and
 * writes go through the module services with the signed-in actor, so access is exactly the API's.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { VersionField } from '../../http/schemas.js';
import { CreateInterest } from '../../modules/interests/schemas.js';
import { interestService } from '../../modules/interests/service.js';
import { DeclineBody } from '../../modules/introductions/schemas.js';
import { introductionService } from '../../modules/introductions/service.js';
import { labService } from '../../modules/labs/service.js';
import { actionErrors, expected } from '../actions.js';
import type { WebEnv } from '../env.js';
import { idParam } from '../ids.js';
import { FORM_ERROR, parseForm } from '../forms.js';
import { changeContext } from '../query.js';
import { flash, requireRole } from '../session.js';
import { introductionsPage } from './introductions.js';
import { labDetailPage, LabFields, LabForm, labsPage } from './labs.js';
import { needDetailPage } from './need-detail.js';
import { needsPage } from './needs.js';

const Versioned = z.object({ version: VersionField });
const InterestFields = CreateInterest.omit({ problemId: true });

export function universityPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.use('/university/*', requireRole('university'));
  app.use('/university', requireRole('university'));

  app.get('/university', (c) => c.redirect('/university/needs', 303));
  app.get('/university/needs', (c) => needsPage(c, deps));
  app.get(`/university/needs/${idParam()}`, (c) => needDetailPage(c, deps, c.req.param('id')));

  app.post(`/university/needs/${idParam()}/interest`, async (c) => {
    const id = c.req.param('id');
    const form = await parseForm(c, InterestFields);
    if (!form.ok) return needDetailPage(c, deps, id, form);
    try {
      await interestService(deps).create(changeContext(c), { ...form.values, problemId: id });
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return needDetailPage(c, deps, id, { raw: form.raw, errors });
    }
    flash(c, deps, '意向已提交，区科技局会据此考虑引荐');
    return c.redirect(`/university/needs/${id}#interest`, 303);
  });

  app.get('/university/labs', (c) => labsPage(c, deps));
  app.get('/university/labs/new', (c) =>
    c.render(<LabForm action="/university/labs/new" values={{}} />, { title: '添加实验室' }),
  );
  app.post('/university/labs/new', async (c) => {
    const form = await parseForm(c, LabFields);
    const again = (errors: Record<string, string>) =>
      c.render(<LabForm action="/university/labs/new" values={form.raw} errors={errors} />, {
        title: '添加实验室',
        error: true,
      });
    if (!form.ok) return again(form.errors);
    try {
      const lab = await labService(deps).create(changeContext(c), form.values);
      flash(c, deps, '实验室已保存，下方是与它匹配的难题');
      return c.redirect(`/university/labs/${lab.id}`, 303);
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return again(errors);
    }
  });
  app.get(`/university/labs/${idParam()}`, (c) => labDetailPage(c, deps, c.req.param('id')));
  app.post(`/university/labs/${idParam()}`, async (c) => {
    const id = c.req.param('id');
    const form = await parseForm(c, LabFields.extend({ version: VersionField }));
    if (!form.ok) return labDetailPage(c, deps, id, form);
    const { version, ...values } = form.values;
    try {
      await labService(deps).update(changeContext(c), id, expected(version) ?? { version: -1, from: 'body' }, {
        ...values,
        leader: values.leader ?? null,
        equipment: values.equipment ?? [],
        achievements: values.achievements ?? [],
        contactName: values.contactName ?? null,
        contactPhone: values.contactPhone ?? null,
        contactEmail: values.contactEmail ?? null,
      });
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return labDetailPage(c, deps, id, { raw: form.raw, errors });
    }
    flash(c, deps, '已保存');
    return c.redirect(`/university/labs/${id}`, 303);
  });

  app.get('/university/introductions', (c) => introductionsPage(c, deps));
  app.post(`/university/introductions/${idParam('iid')}/:answer{accept|decline}`, async (c) => {
    const { iid, answer } = c.req.param();
    const svc = introductionService(deps);
    const ctx = changeContext(c);
    const fail = (errors: Record<string, string>, reason?: string) =>
      introductionsPage(c, deps, {
        id: iid,
        errors: { reason: errors.reason ?? errors[FORM_ERROR] ?? Object.values(errors)[0]! },
        reason,
      });
    try {
      if (answer === 'accept') {
        const form = await parseForm(c, Versioned);
        await svc.accept(ctx, iid, form.ok ? expected(form.values.version) : undefined);
        flash(c, deps, '已同意对接，请与企业联系人联系');
      } else {
        const form = await parseForm(c, DeclineBody);
        if (!form.ok) return fail(form.errors, String(form.raw.reason ?? ''));
        try {
          await svc.decline(ctx, iid, form.values.reason, expected(form.values.version));
        } catch (err) {
          const errors = actionErrors(err);
          if (!errors) throw err;
          return fail(errors, form.values.reason);
        }
        flash(c, deps, '已婉拒，原因已告知企业与区科技局');
      }
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return fail(errors);
    }
    return c.redirect(`/university/introductions#intro-${iid}`, 303);
  });
  return app;
}
