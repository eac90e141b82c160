/**
 * CSRF protection for every state-changing page request: Hono's `csrf()` origin check, then a
 * per-visitor token. The token is derived from the session cookie's secret (or, before sign-in,
 * from an anonymous visitor cookie), so nothing extra is stored and it changes with each session.
 * Forms carry it in a hidden `_csrf` field (`<CsrfField/>`, or use `<Form>`); htmx sends it as the
 * `X-CSRF-Token` header, which the layout sets with `hx-headers` on <body>.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { WebEnv } from './env.js';
import { postedForm } from './posted-form.js';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export const csrfTokenFor = (secret: string) => createHash('sha256').update(`csrf:${secret}`).digest('base64url');

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function same(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A refused request: the error page explains that the form expired. */
export class CsrfError extends HTTPException {
  constructor() {
    super(403, { message: '页面已过期或来源不明，请刷新页面后重试' });
  }
}

/** `publicUrl`: behind a reverse proxy the request URL is the internal one; the browser's origin is PUBLIC_URL. */
export function csrfProtection(publicUrl?: string): MiddlewareHandler<WebEnv> {
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined;
  const origin = csrf({ origin: (o, c) => o === new URL(c.req.url).origin || o === publicOrigin });
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    // The origin check throws its own 403 for a cross-site form; ours reads better.
    try {
      await origin(c, async () => {});
    } catch {
      throw new CsrfError();
    }
    let sent = c.req.header(CSRF_HEADER);
    if (!sent) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        // The parsed body is cached, so the handler reads it again for free.
        const field = (await postedForm(c))[CSRF_FIELD];
        sent = typeof field === 'string' ? field : undefined;
      }
    }
    if (!sent || !same(sent, c.get('csrfToken'))) throw new CsrfError();
    return next();
  };
}
