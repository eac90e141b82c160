/**
 * Route declarations: every route states who may call it. `defineRoute` installs the role gate,
 * documents the roles and the error responses in the OpenAPI document, and marks bodies required.
 */
import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import { ROLE_LABELS } from '../auth/actor.js';
import { requireRoles } from '../auth/middleware.js';
import type { Role } from '../db/tables.js';
import type { AppEnv } from './env.js';
import { ApiError, zodIssuesToFieldErrors } from './errors.js';
import { ProblemDetailsSchema } from './schemas.js';

// Zod's own messages (wrong type, too short, …) in Chinese; our schemas add field-specific ones.
z.config(z.locales.zhCN());

const TARGET_PREFIX: Record<string, string | undefined> = {
  json: undefined,
  query: 'query',
  param: 'path',
  header: 'header',
};

/** One validation hook for every route: zod issues become field paths in a problem+json answer. */
export function newRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = zodIssuesToFieldErrors(result.error.issues, TARGET_PREFIX[result.target]);
        throw new ApiError(
          result.target === 'json' ? 'validation_failed' : 'invalid_request',
          errors.map((e) => `${e.path}: ${e.message}`).join('；'),
          errors,
        );
      }
    },
  });
}

const problemJson = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetailsSchema } },
});

const ERROR_RESPONSES = {
  400: problemJson('请求参数有误'),
  401: problemJson('未登录或令牌无效'),
  403: problemJson('角色无权调用'),
  404: problemJson('资源不存在（或不属于调用者）'),
  422: problemJson('输入数据校验失败，errors 列出字段路径'),
};

/** What a route does to what its path names; `list`/`get`/`create`/`update`/`delete`, or an action's own word. */
export type Verb = string;

const isParam = (segment: string) => segment.startsWith('{');
const pascal = (segment: string) =>
  segment
    .split(/[-_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
const singular = (word: string) =>
  word
    .replace(/ies$/, 'y')
    .replace(/(ch|sh|x|ss)es$/, '$1')
    .replace(/([^s])s$/, '$1');
const DEFAULT_VERB: Record<string, Verb> = {
  get: 'get',
  post: 'create',
  patch: 'update',
  put: 'replace',
  delete: 'delete',
};

/**
 * The operationId a generated client names its method after, from the path's nouns and the verb:
 * `listProblems`, `getProblem`, `createProblem`, `getProblemHistory`, `withdrawInterest` (an action is the
 * path's last word), `exportProblems` (a GET of an export). A noun followed by an id is singular.
 */
export function operationIdFor(method: string, path: string, verb: Verb = DEFAULT_VERB[method] ?? method): string {
  const segments = path.split('/').filter(Boolean);
  let literals = segments.filter((s) => !isParam(s));
  if (method === 'get' && (literals[0] === 'exports' || literals.at(-1) === 'export')) {
    verb = 'export';
    literals = literals.filter((s, i) => !(i === 0 ? s === 'exports' : i === literals.length - 1 && s === 'export'));
  }
  // An action's word is the path's last segment (`/interests/{id}/withdraw`): it is the verb, not a noun.
  const lastSegment = segments.at(-1) ?? '';
  if (verb !== 'export' && !isParam(lastSegment) && pascal(lastSegment) === pascal(verb))
    literals = literals.slice(0, -1);
  const nouns = literals.map((s) => {
    const next = segments[segments.indexOf(s) + 1];
    const last = s === literals.at(-1);
    return pascal((next !== undefined && isParam(next)) || (last && verb === 'create') ? singular(s) : s);
  });
  return verb.charAt(0).toLowerCase() + pascal(verb).slice(1) + nouns.join('');
}

/**
 * `roles: 'public'` for the few routes anyone may call. The operationId is generated (`operationIdFor`)
 * unless the route names one; `verb` tells the generator what the route does when the method alone does not.
 */
export function defineRoute<const R extends RouteConfig>(
  roles: readonly Role[] | 'public',
  config: R & { roleNote?: string; verb?: Verb },
): R {
  const { roleNote, verb, ...rest } = config;
  const who = roles === 'public' ? '公开' : roles.map((r) => ROLE_LABELS[r]).join('、');
  const body = rest.request?.body ? { ...rest.request, body: { ...rest.request.body, required: true } } : rest.request;
  return createRoute({
    ...rest,
    operationId: rest.operationId ?? operationIdFor(rest.method, rest.path, verb),
    ...(body ? { request: body } : {}),
    description: [rest.description, `**可调用角色**：${who}${roleNote ? `（${roleNote}）` : ''}`]
      .filter(Boolean)
      .join('\n\n'),
    // The document declares bearer security for every operation; a public one opts out with `security: []`.
    ...(roles === 'public' ? { security: [] } : { security: [{ bearerAuth: [] }], middleware: [requireRoles(roles)] }),
    responses: { ...ERROR_RESPONSES, ...rest.responses },
  }) as unknown as R;
}

/** A JSON response declaration for `responses`. */
export const jsonResponse = <T>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** A required JSON request body declaration. */
export const jsonBody = <T>(schema: T) => ({ content: { 'application/json': { schema } }, required: true as const });
