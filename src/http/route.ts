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

const TARGET_PREFIX: Record<string, string | undefined> = { json: undefined, query: 'query', param: 'path', header: 'header' };

/** One validation hook for every route: zod issues become field paths in a problem+json answer. */
export function newRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = zodIssuesToFieldErrors(result.error.issues, TARGET_PREFIX[result.target]);
        throw new ApiError(result.target === 'json' ? 'validation_failed' : 'invalid_request', errors.map((e) => `${e.path}: ${e.message}`).join('；'), errors);
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

/** `roles: 'public'` for the few routes anyone may call. */
export function defineRoute<const R extends RouteConfig>(roles: readonly Role[] | 'public', config: R & { roleNote?: string }): R {
  const { roleNote, ...rest } = config;
  const who = roles === 'public' ? '公开' : roles.map((r) => ROLE_LABELS[r]).join('、');
  const body = rest.request?.body ? { ...rest.request, body: { ...rest.request.body, required: true } } : rest.request;
  return createRoute({
    ...rest,
    ...(body ? { request: body } : {}),
    description: [rest.description, `**可调用角色**：${who}${roleNote ? `（${roleNote}）` : ''}`].filter(Boolean).join('\n\n'),
    ...(roles === 'public' ? {} : { security: [{ bearerAuth: [] }], middleware: [requireRoles(roles)] }),
    responses: { ...ERROR_RESPONSES, ...rest.responses },
  }) as unknown as R;
}

/** A JSON response declaration for `responses`. */
export const jsonResponse = <T>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** A required JSON request body declaration. */
export const jsonBody = <T>(schema: T) => ({ content: { 'application/json': { schema } }, required: true as const });
