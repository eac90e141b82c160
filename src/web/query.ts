/**
 * List pages read their filters from the URL with the API's own query schema: `pageQuery(c, Schema)`
 * gives the parsed values, or — for a hand-edited URL that does not validate — the schema's defaults
 * plus the Chinese message per parameter, so the page shows what was ignored instead of failing.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ChangeContext } from '../db/changes.js';
import { type FormErrors, formErrors, FORM_ERROR } from './forms.js';
import type { WebEnv } from './env.js';

export function pageQuery<S extends z.ZodType>(
  c: Context,
  schema: S,
  fixed: Record<string, unknown> = {},
): { values: z.output<S>; errors: FormErrors } {
  const input = { ...c.req.query(), ...fixed };
  for (const [k, v] of Object.entries(input)) if (v === '') delete input[k];
  const parsed = schema.safeParse(input);
  if (parsed.success) return { values: parsed.data, errors: {} };
  const errors = queryErrors(parsed.error.issues, input);
  // Drop what failed and keep the rest: one bad parameter should not lose the others.
  for (const k of Object.keys(errors)) delete input[k];
  const retry = schema.safeParse(input);
  return { values: retry.success ? retry.data : schema.parse(fixed), errors };
}

/** What people call the list parameters, for the notice about an ignored one. */
const PARAMETER_NAMES: Record<string, string> = {
  q: '关键词',
  domains: '技术领域',
  stage: '阶段',
  stages: '阶段',
  postedFrom: '发布日期（从）',
  postedTo: '发布日期（到）',
  budgetMin: '预算下限',
  budgetMax: '预算上限',
  sort: '排序',
  page: '页码',
  cursor: '翻页位置',
  limit: '每页条数',
  liaisonId: '联络员',
  reviewStatus: '审核状态',
  status: '状态',
  kind: '类型',
  type: '类型',
  level: '级别',
  role: '角色',
  view: '视图',
  fate: '结果',
  universityId: '高校/院所',
  enterpriseId: '企业',
  labId: '实验室',
  signedFrom: '签订日期（起）',
  signedTo: '签订日期（止）',
  from: '起始月份',
  to: '截止月份',
};

/**
 * The notice for URL parameters that did not validate, in words a person reads: the schema's own
 * Chinese message when it has one (“预算下限不能大于上限”), otherwise — for messages written for API
 * clients, with codes and types (“期望 number >=0”, “可选：postedAt、-postedAt…”) — the parameter's
 * name and the value that was ignored.
 */
export function queryErrors(issues: readonly z.core.$ZodIssue[], input: Record<string, unknown>): FormErrors {
  const errors = formErrors(issues, input);
  for (const [key, message] of Object.entries(errors)) {
    if (!/[A-Za-z]/.test(message)) continue;
    const name = PARAMETER_NAMES[key] ?? (key === FORM_ERROR ? '筛选条件' : '一个筛选条件');
    const raw = input[key];
    const value = [raw]
      .flat()
      .filter((v) => v !== undefined)
      .join('、');
    errors[key] = value ? `${name}“${value.length > 20 ? `${value.slice(0, 20)}…` : value}”无效` : `${name}无效`;
  }
  return errors;
}

/** The ChangeContext a service write needs, for the signed-in user of this request. */
export const changeContext = (c: Context<WebEnv>): ChangeContext => ({
  actor: c.get('actor'),
  requestId: c.get('requestId'),
});

/** The current URL (path and query) of the request, for links that change one parameter. */
export const currentUrl = (c: Context) => {
  const u = new URL(c.req.url);
  return u.pathname + u.search;
};
