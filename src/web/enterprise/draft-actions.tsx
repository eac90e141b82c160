/**
 * The two steps only a draft (草稿) has on its detail page: 提交审核 (draft → pending review) and
 * 删除草稿. Both are CSRF-protected posts naming the version the page was read at; a draft someone
 * changed in between, or one already submitted, comes back as a message rather than an error page.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { VersionField } from '../../http/schemas.js';
import { reviewService } from '../../modules/problems/review-service.js';
import { problemService } from '../../modules/problems/service.js';
import { actionErrors, expected } from '../actions.js';
import type { WebEnv } from '../env.js';
import { idParam } from '../ids.js';
import { parseForm } from '../forms.js';
import { changeContext } from '../query.js';
import { flash, pageError } from '../session.js';

const Versioned = z.object({ version: VersionField });

export function draftActions(deps: AppDeps) {
  const app = new Hono<WebEnv>();

  app.post(`/enterprise/problems/${idParam()}/submit`, async (c) => {
    const id = c.req.param('id');
    const form = await parseForm(c, Versioned);
    try {
      await reviewService(deps).submit(changeContext(c), id, form.ok ? expected(form.values.version) : undefined);
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      flash(c, deps, `未能提交：${Object.values(errors)[0]}`);
      return c.redirect(`/enterprise/problems/${id}`, 303);
    }
    flash(c, deps, '已提交区科技局审核，审核结果会显示在“我的难题”中');
    return c.redirect(`/enterprise/problems/${id}`, 303);
  });

  app.post(`/enterprise/problems/${idParam()}/delete`, async (c) => {
    const id = c.req.param('id');
    const problems = problemService(deps);
    const p = await problems.get(c.get('actor'), id); // another enterprise's → 404
    if (p.reviewStatus !== 'draft') throw pageError(409, '只有草稿可以删除；已提交的难题不需要时请关闭');
    const form = await parseForm(c, Versioned);
    try {
      await problems.remove(changeContext(c), id, form.ok ? expected(form.values.version) : undefined);
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      flash(c, deps, `未能删除：${Object.values(errors)[0]}`);
      return c.redirect(`/enterprise/problems/${id}`, 303);
    }
    flash(c, deps, `草稿“${p.title}”已删除`);
    return c.redirect('/enterprise/problems', 303);
  });

  return app;
}
