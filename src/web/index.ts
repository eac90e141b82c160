/**
 * The web pages: `webRoutes(deps)` is mounted by the app at `/` after the API. It serves the
 * hashed assets, resolves the session (same `Actor` as the API), checks CSRF on every
 * state-changing request, wraps pages in the layout, and mounts the page routers.
 * How to add a page: docs/web.md.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps.js';
import { assetRoutes } from './assets.js';
import { bureauDirectoryPages } from './bureau/directory.js';
import { bureauRecordPages } from './bureau/records.js';
import { bureauUserPages } from './bureau/users.js';
import { gzip as gzipBody } from './gzip.js';
import { csrfProtection } from './csrf.js';
import { isApiPath, type WebEnv } from './env.js';
import { layoutRenderer } from './layout.js';
import { bureauPages } from './bureau/index.js';
import { accountPages } from './pages/account.js';
import { reportPages } from './bureau/reports.js';
import { docsPage } from './pages/docs.js';
import { enterprisePages } from './enterprise/index.js';
import { universityPages } from './university/index.js';
import { homePage } from './pages/home.js';
import { signInPages } from './pages/sign-in.js';
import { startPages } from './pages/start.js';
import { sessionMiddleware } from './session.js';

/** Middleware for pages only: the API, its document, the health probes and the assets pass by. */
const pagesOnly =
  (mw: MiddlewareHandler<WebEnv>): MiddlewareHandler<WebEnv> =>
  (c, next) =>
    isApiPath(c.req.path) || c.req.path.startsWith('/assets/') ? next() : mw(c, next);

export function webRoutes(deps: AppDeps) {
  const web = new Hono<WebEnv>();
  // Pages and assets travel gzip-compressed (a first visit of 需求大厅 stays well under 150 KB); the API is left as it is.
  const gzip = gzipBody();
  web.use('*', (c, next) => (isApiPath(c.req.path) ? next() : gzip(c, next)));
  assetRoutes(web);
  web.use('*', pagesOnly(sessionMiddleware(deps)));
  web.use('*', pagesOnly(csrfProtection(deps.config.publicUrl)));
  web.use('*', pagesOnly(layoutRenderer()));

  web.route('/', homePage());
  web.route('/', signInPages(deps));
  web.route('/', accountPages(deps));
  web.route('/', docsPage());
  // Page builders mount their routers here.
  web.route('/', enterprisePages(deps));
  web.route('/', universityPages(deps));
  web.route('/', bureauPages(deps));
  web.route('/', bureauUserPages(deps));
  web.route('/', bureauDirectoryPages(deps));
  web.route('/', bureauRecordPages(deps));
  web.route('/', reportPages(deps));
  web.route('/', startPages());
  return web;
}

export { isApiPath } from './env.js';
export { pageNotFound, pageOnError } from './errors.js';
