/**
 * The enterprise's pages: 我的难题, 发布难题 (with live writing hints, saved as a draft or submitted),
 * 难题详情 with accept / decline of introductions, edit and submit a draft, edit and resubmit after
 * 整改, and 企业信息. Every read and write goes through the
 * module services with the signed-in actor, so access is exactly the API's.
 */
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { DeclineBody } from '../../modules/introductions/schemas.js';
import { introductionService } from '../../modules/introductions/service.js';
import { problemService } from '../../modules/problems/service.js';
import { reviewService } from '../../modules/problems/review-service.js';
import { actionErrors, expected } from '../actions.js';
import type { WebEnv } from '../env.js';
import { idParam } from '../ids.js';
import { FORM_ERROR, type FormErrors, parseForm, readForm, type RawForm } from '../forms.js';
import { changeContext } from '../query.js';
import { flash, pageError, requireRole } from '../session.js';
import { enterpriseProblemDetail } from './problem-detail.js';
import { HintList, hintsFor, ProblemFields, ProblemForm, wantsDraft } from './problem-form.js';
import { draftActions } from './draft-actions.js';
import { myProblemsPage } from './problems.js';
import { profilePage, saveProfile } from './profile.js';
import { VersionField } from '../../http/schemas.js';
import { z } from 'zod';

const Versioned = z.object({ version: VersionField });

/** The edit form's buttons: a draft is saved or submitted; after 整改 it is resubmitted; otherwise saved. */
function editLabels(status: string, revisionComment: string | null | undefined) {
  if (status === 'draft') return { submitLabel: '保存并提交审核', draftLabel: '保存草稿' };
  return { submitLabel: revisionComment !== undefined ? '保存并重新提交' : '保存修改' };
}

export function enterprisePages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const problems = problemService(deps);
  // The past-deadline check needs today's date, so the service makes it; ask it with the other errors,
  // not after they are fixed.
  const withDeadline = (errors: FormErrors, raw: RawForm): FormErrors => {
    const deadline = errors.deadline ?? problems.deadlineProblem(raw.deadline);
    return deadline ? { ...errors, deadline } : errors;
  };
  app.use('/enterprise/*', requireRole('enterprise'));
  app.use('/enterprise', requireRole('enterprise'));

  app.get('/enterprise', (c) => c.redirect('/enterprise/problems', 303));
  app.get('/enterprise/problems', (c) => myProblemsPage(c, deps));

  app.get('/enterprise/problems/new', (c) =>
    c.render(
      <ProblemForm
        action="/enterprise/problems/new"
        values={{ visibility: 'public' }}
        submitLabel="提交审核"
        draftLabel="保存草稿"
      />,
      { title: '发布难题' },
    ),
  );

  // The live hints: htmx posts the whole form as the user types and swaps this fragment in.
  app.post('/enterprise/problems/hints', async (c) => c.html(<HintList hints={hintsFor(await readForm(c))} />));

  app.post('/enterprise/problems/new', async (c) => {
    const form = await parseForm(c, ProblemFields);
    const again = (errors: Record<string, string>) =>
      c.render(
        <ProblemForm
          action="/enterprise/problems/new"
          values={form.raw}
          errors={errors}
          submitLabel="提交审核"
          draftLabel="保存草稿"
        />,
        { title: '发布难题', error: true },
      );
    if (!form.ok) return again(withDeadline(form.errors, form.raw));
    try {
      const draft = wantsDraft(form.raw);
      const created = await problems.create(changeContext(c), { ...form.values, draft: draft || undefined });
      flash(
        c,
        deps,
        draft ? '已保存为草稿，只有贵企业能看到；完善后请提交审核' : '已提交区科技局审核，审核结果会显示在“我的难题”中',
      );
      return c.redirect(`/enterprise/problems/${created.id}`, 303);
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return again(errors);
    }
  });

  app.get(`/enterprise/problems/${idParam()}`, (c) => enterpriseProblemDetail(c, deps, c.req.param('id')));

  /** The edit form's values and, while 待整改, the bureau's comment. */
  async function editState(c: Context<WebEnv>, id: string) {
    const actor = c.get('actor');
    const p = await problems.get(actor, id);
    if (p.reviewStatus === 'rejected') throw pageError(409, '已驳回的技术难题不能修改，如有需要请重新发布');
    const revisionComment =
      p.reviewStatus === 'revision_requested'
        ? ((await reviewService(deps).list(actor, id)).items.at(-1)?.comment ?? null)
        : undefined;
    return { p, revisionComment };
  }

  app.get(`/enterprise/problems/${idParam()}/edit`, async (c) => {
    const id = c.req.param('id');
    const { p, revisionComment } = await editState(c, id);
    const values: RawForm = {
      title: p.title,
      description: p.description,
      domains: p.domains,
      keywords: p.keywords.join('，'),
      budgetWan: p.budgetWan === null ? '' : String(p.budgetWan),
      deadline: p.deadline ?? '',
      visibility: p.visibility,
    };
    return c.render(
      <ProblemForm
        action={`/enterprise/problems/${id}/edit`}
        values={values}
        version={p.version}
        revisionComment={revisionComment}
        {...editLabels(p.reviewStatus, revisionComment)}
      />,
      {
        title: `修改难题：${p.title}`,
      },
    );
  });

  app.post(`/enterprise/problems/${idParam()}/edit`, async (c) => {
    const id = c.req.param('id');
    const { p, revisionComment } = await editState(c, id);
    const form = await parseForm(c, ProblemFields.extend({ version: VersionField }));
    const again = (errors: Record<string, string>) =>
      c.render(
        <ProblemForm
          action={`/enterprise/problems/${id}/edit`}
          values={form.raw}
          errors={errors}
          version={p.version}
          revisionComment={revisionComment}
          {...editLabels(p.reviewStatus, revisionComment)}
        />,
        { title: `修改难题：${p.title}`, error: true },
      );
    if (!form.ok) return again(withDeadline(form.errors, form.raw));
    const { version, ...values } = form.values;
    try {
      const ctx = changeContext(c);
      const updated = await problems.update(ctx, id, expected(version) ?? { version: p.version, from: 'body' }, {
        ...values,
        keywords: values.keywords ?? [],
        budgetWan: values.budgetWan ?? null,
        deadline: values.deadline ?? null,
      });
      if (revisionComment !== undefined) {
        await reviewService(deps).resubmit(ctx, id, null, { version: updated.version, from: 'body' });
        flash(c, deps, '已重新提交区科技局审核');
      } else if (p.reviewStatus === 'draft' && !wantsDraft(form.raw)) {
        await reviewService(deps).submit(ctx, id, { version: updated.version, from: 'body' });
        flash(c, deps, '已提交区科技局审核，审核结果会显示在“我的难题”中');
      } else if (p.reviewStatus === 'draft') {
        flash(c, deps, '草稿已保存，只有贵企业能看到');
      } else {
        flash(c, deps, '已保存');
      }
      return c.redirect(`/enterprise/problems/${id}`, 303);
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return again(errors);
    }
  });

  app.route('/', draftActions(deps));

  // Accept or decline an introduction of a lab to one of my problems.
  app.post(`/enterprise/problems/${idParam()}/introductions/${idParam('iid')}/:answer{accept|decline}`, async (c) => {
    const { id, iid, answer } = c.req.param();
    const svc = introductionService(deps);
    const ctx = changeContext(c);
    if (answer === 'accept') {
      const form = await parseForm(c, Versioned);
      try {
        await svc.accept(ctx, iid, form.ok ? expected(form.values.version) : undefined);
      } catch (err) {
        const errors = actionErrors(err);
        if (!errors) throw err;
        return enterpriseProblemDetail(c, deps, id, {
          id: iid,
          errors: { reason: errors[FORM_ERROR] ?? Object.values(errors)[0]! },
        });
      }
      flash(c, deps, '已同意对接，请与实验室联系人联系');
    } else {
      const form = await parseForm(c, DeclineBody);
      if (!form.ok)
        return enterpriseProblemDetail(c, deps, id, {
          id: iid,
          errors: form.errors,
          reason: String(form.raw.reason ?? ''),
        });
      try {
        await svc.decline(ctx, iid, form.values.reason, expected(form.values.version));
      } catch (err) {
        const errors = actionErrors(err);
        if (!errors) throw err;
        return enterpriseProblemDetail(c, deps, id, {
          id: iid,
          errors: { reason: errors.reason ?? errors[FORM_ERROR] ?? Object.values(errors)[0]! },
          reason: form.values.reason,
        });
      }
      flash(c, deps, '已婉拒，原因已告知对方与区科技局');
    }
    return c.redirect(`/enterprise/problems/${id}#intro-${iid}`, 303);
  });

  app.get('/enterprise/profile', (c) => profilePage(c, deps));
  app.post('/enterprise/profile', (c) => saveProfile(c, deps));
  return app;
}
