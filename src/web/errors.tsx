/**
 * The Chinese error pages (400 / 401 / 403 / 404 / 429 / 500). A service's ApiError keeps its
 * status and detail; an unknown error is logged with the request id, which the 500 page shows.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../http/errors.js';
import { CsrfError } from './csrf.js';
import type { WebEnv } from './env.js';
import { renderPage } from './render.js';

const PAGES: Record<number, { title: string; body: string }> = {
  400: { title: '请求有误', body: '提交的内容无法处理，请返回上一页检查后重试。' },
  401: { title: '请先登录', body: '这个页面需要登录后才能查看。' },
  403: { title: '无权访问', body: '您的账户无权查看这个页面。如需开通，请联系区科技局。' },
  404: { title: '页面不存在', body: '没有找到这个页面，或您无权查看它。请检查地址是否正确。' },
  409: { title: '内容已被修改', body: '这条记录刚被他人修改，请刷新页面后重试。' },
  413: { title: '提交的内容过大', body: '请减小文件或文字后重试。' },
  429: { title: '操作过于频繁', body: '请稍后再试。' },
  500: { title: '服务器出错了', body: '页面暂时无法显示。请稍后重试；如果问题持续，请把下面的请求编号告诉管理员。' },
  503: { title: '服务暂不可用', body: '请稍后重试。' },
};

/** A list page's link whose cursor is no longer valid: edited, or signed before the cursor key changed. */
const CURSOR_EXPIRED = '翻页链接已失效（可能已过期或被改动），请回到列表第一页重新翻页。';

export function errorPage(c: Context<WebEnv>, status: number, detail?: string) {
  const page = PAGES[status] ?? PAGES[status >= 500 ? 500 : 400]!;
  const requestId = c.get('requestId');
  return renderPage(
    c,
    <div class="error-page">
      <p>{detail ?? page.body}</p>
      {status >= 500 ? (
        <p class="error-page__id">
          请求编号：<code>{requestId}</code>
        </p>
      ) : null}
      <p>
        <a href="/">返回首页</a>
        {status === 401 ? (
          <>
            {' · '}
            <a href="/login">登录</a>
          </>
        ) : null}
      </p>
    </div>,
    { title: `错误：${page.title}`, heading: page.title },
    (PAGES[status] ? status : status >= 500 ? 500 : 400) as ContentfulStatusCode,
  );
}

/** The app's notFound for page paths (any env: it is called from the API's router too). */
export const pageNotFound = (c: Context) => errorPage(c as Context<WebEnv>, 404);

/** The page counterpart of the API's onError; returns the response. */
export function pageOnError(err: unknown, ctx: Context, deps: AppDeps) {
  const c = ctx as Context<WebEnv>;
  if (err instanceof CsrfError) return errorPage(c, 403, err.message);
  if (err instanceof ApiError) {
    // A record that is missing or not this user's reads the same: 404 with the standard words.
    if (err.code === 'not_found') return errorPage(c, 404);
    // The API's words for a bad cursor name its field (nextCursor); a page link is what the person followed.
    if (err.errors?.some((e) => e.path === 'query.cursor')) return errorPage(c, 400, CURSOR_EXPIRED);
    if (err.status < 500) return errorPage(c, err.status, err.detail);
  } else if (err instanceof HTTPException && err.status < 500) {
    return errorPage(c, err.status, err.message || undefined);
  }
  deps.logger.error('unhandled page error', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    error: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  return errorPage(c, 500);
}
