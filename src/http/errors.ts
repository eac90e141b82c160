/**
 * The one error module: codes mapped to statuses and Chinese titles, the ApiError class,
 * zod issues turned into field paths, and RFC 9457 problem+json responses.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { SearchEngineError } from '../search/port.js';

export const ERROR_CODES = {
  invalid_request: { status: 400, title: '请求格式有误' },
  validation_failed: { status: 422, title: '输入数据校验失败' },
  unauthorized: { status: 401, title: '未登录或令牌无效' },
  forbidden: { status: 403, title: '无权执行此操作' },
  not_found: { status: 404, title: '资源不存在' },
  method_not_allowed: { status: 405, title: '不支持的请求方法' },
  conflict: { status: 409, title: '与现有数据冲突' },
  version_conflict: { status: 409, title: '数据已被他人修改，请刷新后重试' },
  precondition_failed: { status: 412, title: '数据版本已变化（If-Match 不匹配）' },
  precondition_required: { status: 428, title: '更新须携带 version 或 If-Match' },
  payload_too_large: { status: 413, title: '请求体过大' },
  unsupported_media_type: { status: 415, title: '不支持的内容类型，请使用 application/json' },
  idempotency_mismatch: { status: 422, title: '幂等键已用于另一请求' },
  idempotency_in_progress: { status: 409, title: '相同幂等键的请求正在处理中' },
  too_many_requests: { status: 429, title: '请求过于频繁，请稍后再试' },
  internal: { status: 500, title: '服务器内部错误' },
  service_unavailable: { status: 503, title: '服务暂不可用' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  errors?: FieldError[];
  requestId?: string;
}

export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly errors?: FieldError[];

  constructor(code: ErrorCode, detail?: string, errors?: FieldError[]) {
    super(ERROR_CODES[code].status, { message: detail ?? ERROR_CODES[code].title });
    this.code = code;
    this.detail = detail;
    this.errors = errors;
  }
}

/** A 404 that reads the same whether the record is missing or belongs to someone else. */
export const notFound = (what: string) => new ApiError('not_found', `${what}不存在`);

/** A validation error on one field, for rules zod cannot express (references, check digits). */
export const fieldError = (path: string, message: string) =>
  new ApiError('validation_failed', message, [{ path, message }]);

export function zodIssuesToFieldErrors(issues: readonly z.core.$ZodIssue[], prefix?: string): FieldError[] {
  return issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: [base, k].filter(Boolean).join('.'), message: `不允许的字段：${k}` }));
    }
    return [{ path: base || '(root)', message: issue.message }];
  });
}

export function problemBody(
  code: ErrorCode,
  opts: { detail?: string; errors?: FieldError[]; requestId?: string } = {},
): ProblemDetails {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `urn:cxy:problem:${code}`,
    title,
    status,
    code,
    ...(opts.detail ? { detail: opts.detail } : {}),
    ...(opts.errors?.length ? { errors: opts.errors } : {}),
    ...(opts.requestId ? { requestId: opts.requestId } : {}),
  };
}

export function problemResponse(body: ProblemDetails, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
  });
}

/** Messages Hono's own middleware throws, in the words a person reads. */
const HONO_MESSAGES: Record<string, { code: ErrorCode; detail: string }> = {
  'Malformed JSON in request body': { code: 'invalid_request', detail: '请求体不是合法的 JSON' },
  'Unsupported Media Type': { code: 'unsupported_media_type', detail: '请求体须为 application/json' },
};

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/** Classifies any thrown value into a problem body; the caller logs the unknown ones. */
export function toProblem(err: unknown, requestId?: string): { body: ProblemDetails; unknown: boolean } {
  if (err instanceof ApiError) {
    return { body: problemBody(err.code, { detail: err.detail, errors: err.errors, requestId }), unknown: false };
  }
  if (err instanceof HTTPException) {
    const known = HONO_MESSAGES[err.message];
    const code = known?.code ?? STATUS_CODES[err.status] ?? (err.status >= 500 ? 'internal' : 'invalid_request');
    return { body: problemBody(code, { detail: known?.detail, requestId }), unknown: false };
  }
  if (err instanceof SearchEngineError) {
    return err.kind === 'invalid_query'
      ? { body: problemBody('invalid_request', { detail: `检索条件无效：${err.message}`, requestId }), unknown: false }
      : {
          body: problemBody('service_unavailable', {
            detail: '搜索引擎暂不可用，请稍后重试；数据写入不受影响',
            requestId,
          }),
          unknown: false,
        };
  }
  const pgCode = (err as { code?: unknown })?.code;
  // Unique violations that slipped past a service's own check (a race) are conflicts, not 500s.
  if (pgCode === '23505') return { body: problemBody('conflict', { detail: '记录已存在', requestId }), unknown: false };
  return { body: problemBody('internal', { requestId }), unknown: true };
}
