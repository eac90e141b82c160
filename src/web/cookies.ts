/** The cookies the pages use: the session, the anonymous visitor's CSRF secret, and a one-shot flash. */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../deps.js';

export const SESSION_COOKIE = 'cxy_session';
export const VISITOR_COOKIE = 'cxy_visitor';
export const FLASH_COOKIE = 'cxy_flash';

const secure = (deps: AppDeps) => deps.config.publicUrl?.startsWith('https:') ?? false;

export function cookieOptions(deps: AppDeps, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: secure(deps),
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

export const readCookie = (c: Context, name: string) => getCookie(c, name);
export const writeCookie = (c: Context, deps: AppDeps, name: string, value: string, maxAgeSeconds?: number) =>
  setCookie(c, name, value, cookieOptions(deps, maxAgeSeconds));
export const clearCookie = (c: Context, deps: AppDeps, name: string) => deleteCookie(c, name, cookieOptions(deps));
