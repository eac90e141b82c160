/** The Hono environment of the pages: the same `Actor` the API uses, plus the browser session. */
import type { Actor } from '../auth/actor.js';
import type { SessionView } from '../modules/accounts/sessions.js';

export type WebEnv = {
  Variables: {
    /** Set when someone is signed in. Behind `requireRole(...)` it is always present. */
    actor: Actor;
    /** The signed-in session (id, created, last seen, expiry, address, browser). */
    session: SessionView | undefined;
    /** This visitor's CSRF token: forms carry it in `_csrf`, htmx sends it as `X-CSRF-Token`. */
    csrfToken: string;
    /** A one-shot message set by `flash(c, …)` on the previous response (e.g. after a redirect). */
    flash: string | undefined;
    requestId: string;
  };
};

/** Paths that are not pages: the API, its document and the health probes answer JSON. */
export const isApiPath = (path: string) =>
  path === '/api' ||
  path.startsWith('/api/') ||
  path === '/openapi.json' ||
  path === '/health' ||
  path.startsWith('/health/');
