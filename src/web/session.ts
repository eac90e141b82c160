/**
 * Who is looking at a page: the session cookie is resolved to the same `Actor` the API uses
 * (`c.get('actor')`, plus `c.get('session')`), the visitor's CSRF token is set, and the one-shot
 * flash message is read. `requireRole(...)` guards page routes: a visitor who is not signed in
 * is sent to 登录 and back; a signed-in user of another role gets the 403 page.
 */
import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ALL_ROLES } from '../auth/actor.js';
import type { Role } from '../db/tables.js';
import type { AppDeps } from '../deps.js';
import { findSession } from '../modules/accounts/sessions.js';
import { clearCookie, FLASH_COOKIE, readCookie, SESSION_COOKIE, VISITOR_COOKIE, writeCookie } from './cookies.js';
import { csrfTokenFor } from './csrf.js';
import type { WebEnv } from './env.js';

const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function sessionMiddleware(deps: AppDeps): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    let csrfSecret: string | undefined;
    const secret = readCookie(c, SESSION_COOKIE);
    if (secret) {
      const found = SECRET.test(secret) ? await findSession(deps.db, secret, deps.now()) : undefined;
      if (found) {
        c.set('actor', found.actor);
        c.set('session', found.session);
        csrfSecret = secret;
      } else {
        clearCookie(c, deps, SESSION_COOKIE);
      }
    }
    if (!csrfSecret) {
      csrfSecret = readCookie(c, VISITOR_COOKIE);
      if (!csrfSecret || !SECRET.test(csrfSecret)) {
        csrfSecret = randomBytes(32).toString('base64url');
        writeCookie(c, deps, VISITOR_COOKIE, csrfSecret);
      }
    }
    c.set('csrfToken', csrfTokenFor(csrfSecret));
    const flash = readCookie(c, FLASH_COOKIE);
    if (flash) {
      c.set('flash', flash.slice(0, 500));
      clearCookie(c, deps, FLASH_COOKIE);
    }
    await next();
    // Pages show one person's records: never let a shared cache keep them.
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'private, no-store');
  };
}

/** Shows `message` on the next page this browser renders (after a redirect). */
export function flash(c: Context, deps: AppDeps, message: string) {
  writeCookie(c, deps, FLASH_COOKIE, message, 60);
}

/** A page-level error; the error page renders it in Chinese with the right status. */
export const pageError = (status: 400 | 401 | 403 | 404 | 409 | 429, message?: string) =>
  new HTTPException(status, { message });

/** Only these roles may open the route; anyone else signed in gets 403, a visitor is sent to sign in. */
export function requireRole(...roles: Role[]): MiddlewareHandler<WebEnv> {
  const allowed = roles.length ? roles : ALL_ROLES;
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) {
      if (c.req.method === 'GET') {
        const url = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      throw pageError(401);
    }
    if (!allowed.includes(actor.role)) throw pageError(403);
    await next();
  };
}

/** Any signed-in user. */
export const requireSignedIn = () => requireRole();
