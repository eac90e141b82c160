/**
 * The writes of 难题工作区: assign or change the liaison, change the stage with a reason, shortlist
 * or introduce a lab (or introduce a shortlisted one), record a contact. Each goes through the
 * same service as the API (same rules, same audit rows) and, on success, redirects back (PRG);
 * on a Chinese validation or rule error, the workspace renders again with the message beside the form.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { sizedText } from '../../http/common-fields.js';
import { VersionField } from '../../http/schemas.js';
import { CreateContact } from '../../modules/contacts/schemas.js';
import { contactService } from '../../modules/contacts/service.js';
import { CreateIntroduction, IntroduceBody } from '../../modules/introductions/schemas.js';
import { introductionService } from '../../modules/introductions/service.js';
import { Stage } from '../../modules/problems/schemas.js';
import { problemService } from '../../modules/problems/service.js';
import type { WebEnv } from '../env.js';
import { idParam } from '../ids.js';
import { type FormErrors, formErrors, formInput, leftEmpty, parseForm, readForm } from '../forms.js';
import { flash } from '../session.js';
import { renderWorkspace, type WorkspaceForm } from './problem.js';
import { actionErrors, changeCtx, fromShanghaiMinute, type PageContext } from './shared.js';

const ID = idParam();
const LiaisonForm = z.object({ liaisonId: z.uuid({ message: '请选择联络员' }).optional(), version: VersionField });
const StageForm = z.object({ stage: Stage, stageReason: sizedText(2, 500, '阶段变更原因'), version: VersionField });

const OCCURRED_AT_FORMAT = '时间格式须为“年-月-日 时:分”，例如 2026-03-02 10:00';

const versionOf = (v: number | undefined) => (v ? { version: v, from: 'body' as const } : undefined);

export function problemActions(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const problems = problemService(deps);
  const introductions = introductionService(deps);
  const contacts = contactService(deps);

  /** Runs a write; on success flashes and goes back to the section, on a refusal re-renders with errors. */
  async function attempt(
    c: PageContext,
    form: WorkspaceForm,
    values: Record<string, string | string[]>,
    anchor: string,
    done: string,
    write: () => Promise<unknown>,
  ) {
    const id = c.req.param('id')!;
    try {
      await write();
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return renderWorkspace(c, deps, id, { form, values, errors });
    }
    flash(c, deps, done);
    return c.redirect(`/bureau/problems/${id}#${anchor}`, 303);
  }
  const invalid = (
    c: PageContext,
    form: WorkspaceForm,
    values: Record<string, string | string[]>,
    errors: FormErrors,
  ) => renderWorkspace(c, deps, c.req.param('id')!, { form, values, errors });

  app.post(`/bureau/problems/${ID}/liaison`, async (c) => {
    const f = await parseForm(c, LiaisonForm);
    if (!f.ok) return invalid(c, 'liaison', f.raw, f.errors);
    const expected = versionOf(f.values.version) ?? { version: 0, from: 'body' as const };
    return attempt(c, 'liaison', f.raw, 'problem-title', f.values.liaisonId ? '已指定联络员' : '已取消指定联络员', () =>
      problems.update(changeCtx(c), c.req.param('id'), expected, { liaisonId: f.values.liaisonId ?? null }),
    );
  });

  app.post(`/bureau/problems/${ID}/stage`, async (c) => {
    const f = await parseForm(c, StageForm);
    if (!f.ok) return invalid(c, 'stage', f.raw, f.errors);
    const expected = versionOf(f.values.version) ?? { version: 0, from: 'body' as const };
    return attempt(c, 'stage', f.raw, 'problem-title', '已变更阶段', () =>
      problems.update(changeCtx(c), c.req.param('id'), expected, {
        stage: f.values.stage,
        stageReason: f.values.stageReason,
      }),
    );
  });

  app.post(`/bureau/problems/${ID}/introductions`, async (c) => {
    const raw = await readForm(c);
    const input = { ...formInput(raw, CreateIntroduction), problemId: c.req.param('id') };
    const parsed = CreateIntroduction.safeParse(input);
    if (!parsed.success) return invalid(c, 'introduce', raw, formErrors(parsed.error.issues, input));
    const v = parsed.data;
    return attempt(c, 'introduce', raw, 'introductions', v.introduce ? '已引荐' : '已列入候选', () =>
      introductions.create(changeCtx(c), v),
    );
  });

  app.post(`/bureau/problems/${ID}/introductions/${idParam('introId')}/introduce`, async (c) => {
    const f = await parseForm(c, IntroduceBody);
    if (!f.ok) return invalid(c, 'introduce', f.raw, f.errors);
    return attempt(c, 'introduce', f.raw, 'introductions', '已引荐', () =>
      introductions.introduce(changeCtx(c), c.req.param('introId'), versionOf(f.values.version)),
    );
  });

  app.post(`/bureau/problems/${ID}/contacts`, async (c) => {
    const raw = await readForm(c);
    const problem = await problems.get(c.get('actor'), c.req.param('id'));
    const input: Record<string, unknown> = {
      ...formInput(raw, CreateContact),
      enterpriseId: problem.enterpriseId,
      problemId: problem.id,
    };
    if (typeof input.occurredAt === 'string') input.occurredAt = fromShanghaiMinute(input.occurredAt);
    const parsed = CreateContact.safeParse(input);
    if (!parsed.success) {
      const errors = formErrors(parsed.error.issues, input);
      // The API names its own format (ISO 8601 with an offset); the field is a 年-月-日 时:分 picker.
      const badFormat = (i: { path: PropertyKey[]; code: string }) =>
        i.path[0] === 'occurredAt' && i.code === 'invalid_format';
      if (parsed.error.issues.some(badFormat)) errors.occurredAt = OCCURRED_AT_FORMAT;
      return invalid(c, 'contact', raw, leftEmpty(errors, raw, ['occurredAt']));
    }
    return attempt(c, 'contact', raw, 'timeline', '已保存对接记录', () => contacts.create(changeCtx(c), parsed.data));
  });

  app.get(`/bureau/problems/${ID}`, (c) => renderWorkspace(c, deps, c.req.param('id')));
  return app;
}
