/**
 * The app factory: builds the HTTP app from its dependencies. The entry file and the tests
 * call the same function.
 */
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { sql } from 'kysely';
import { authenticate } from './auth/middleware.js';
import { enterpriseRoutes } from './modules/enterprises/routes.js';
import { labRoutes } from './modules/labs/routes.js';
import { liaisonRoutes } from './modules/liaisons/routes.js';
import { problemRoutes } from './modules/problems/routes.js';
import { reviewRoutes } from './modules/problems/review-routes.js';
import { matchingRoutes } from './modules/matching/routes.js';
import { searchRoutes } from './modules/search/routes.js';
import { interestRoutes } from './modules/interests/routes.js';
import { introductionRoutes } from './modules/introductions/routes.js';
import { contactRoutes } from './modules/contacts/routes.js';
import { agreementRoutes } from './modules/agreements/routes.js';
import { centreRoutes } from './modules/centres/routes.js';
import { pipelineRoutes } from './modules/pipeline/routes.js';
import { reportRoutes } from './modules/reports/routes.js';
import { exportRoutes } from './modules/exports/routes.js';
import { importRoutes } from './modules/imports/routes.js';
import { taxonomyRoutes } from './modules/taxonomy/routes.js';
import { universityRoutes } from './modules/universities/routes.js';
import { userRoutes } from './modules/users/routes.js';
import type { AppDeps } from './deps.js';
import { ApiError, problemBody, problemResponse, toProblem } from './http/errors.js';
import { idempotency } from './http/idempotency.js';
import { accessLog } from './http/access-log.js';
import { jsonAsBytes } from './http/json-bytes.js';
import { rateLimits } from './http/rate-limit.js';
import { type Lifecycle, readinessRoutes } from './http/readiness.js';
import { newRouter } from './http/route.js';
import { securityHeaders } from './http/security-headers.js';
import { isApiPath, pageNotFound, pageOnError, webRoutes } from './web/index.js';

/** Spreadsheet uploads: the API's and the 导入 page's. */
const IMPORT_PATHS = new Set(['/api/v1/imports', '/bureau/imports']);

/** `lifecycle.draining` turns readiness off while the process shuts down. */
export function createApp(deps: AppDeps, lifecycle: Lifecycle = { draining: false }) {
  const app = newRouter();

  app.use('*', requestId());
  app.use('*', jsonAsBytes());
  // Every response, pages, API, errors and downloads alike, gets the security headers here and only here.
  app.use('*', securityHeaders());
  app.use('*', accessLog(deps.logger));
  // Spreadsheet uploads get their own, larger limit; every other body the general one.
  const limit = (maxSize: number, what: string) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiError(
          'payload_too_large',
          `${what}不得超过 ${maxSize >= 1024 * 1024 ? `${Math.round(maxSize / 1024 / 1024)} MB` : `${Math.round(maxSize / 1024)} KB`}`,
        );
      },
    });
  const generalLimit = limit(deps.config.bodyLimit, '请求体');
  const importLimit = limit(deps.config.importLimit, '导入文件');
  // A GET or HEAD has no body (the server never reads one); asking would build a full Request per read.
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD'
      ? next()
      : (c.req.method === 'POST' && IMPORT_PATHS.has(c.req.path) ? importLimit : generalLimit)(c, next),
  );
  app.use('/api/v1/*', authenticate(deps));
  app.use('/api/v1/*', rateLimits(deps));
  app.use('/api/v1/*', idempotency(deps));

  const v1 = newRouter();
  v1.route('/', taxonomyRoutes());
  v1.route('/', userRoutes(deps));
  v1.route('/', universityRoutes(deps));
  v1.route('/', enterpriseRoutes(deps));
  v1.route('/', labRoutes(deps));
  v1.route('/', liaisonRoutes(deps));
  v1.route('/', problemRoutes(deps));
  v1.route('/', searchRoutes(deps));
  v1.route('/', matchingRoutes(deps));
  v1.route('/', reviewRoutes(deps));
  v1.route('/', interestRoutes(deps));
  v1.route('/', introductionRoutes(deps));
  v1.route('/', contactRoutes(deps));
  v1.route('/', agreementRoutes(deps));
  v1.route('/', centreRoutes(deps));
  v1.route('/', pipelineRoutes(deps));
  v1.route('/', reportRoutes(deps));
  v1.route('/', exportRoutes(deps));
  v1.route('/', importRoutes(deps));
  app.route('/api/v1', v1);

  app.route('/', readinessRoutes(deps, lifecycle));
  app.get('/health', async (c) => {
    const started = performance.now();
    let ok = true;
    try {
      await sql`select 1`.execute(deps.db);
    } catch {
      ok = false;
    }
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const [search, indexer] = await Promise.all([
      deps.search.engine.health(),
      ok ? deps.search.indexer.status() : undefined,
    ]);
    return c.json(
      {
        // The database is the record: without it we are down. A search engine that is down only delays search.
        status: !ok ? 'down' : search.ok ? 'ok' : 'degraded',
        database: { mode: deps.dbMode, ok, latencyMs },
        search: {
          ...search,
          ...(indexer
            ? { pending: indexer.pending, lastIndexedAt: indexer.lastSuccessAt, lastError: indexer.lastError }
            : {}),
        },
        embeddings: deps.embeddings ? { model: deps.embeddings.model, error: indexer?.embeddingsError ?? null } : null,
      },
      ok ? 200 : 503,
    );
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: '用户令牌（POST /api/v1/users 签发）或 ADMIN_TOKEN',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: '产学研对接平台 API',
      version: '1.0.0',
      description: '区科技局产学研对接：企业技术难题征集、高校实验室能力、撮合对接与统计。',
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    // Relative: the API is served beside this document, whatever host or proxy a deployment puts in front.
    servers: [{ url: '/', description: '本服务（与 /openapi.json 同源）' }],
    // Every operation needs a bearer token unless it declares `security: []` (the public ones do).
    security: [{ bearerAuth: [] }],
  });
  // The pages (and /docs, /assets): after the API, so their middleware never runs for it.
  app.route('/', webRoutes(deps));

  app.notFound((c) => {
    if (!isApiPath(c.req.path)) return pageNotFound(c);
    return problemResponse(
      problemBody('not_found', {
        detail: `没有这个地址：${c.req.method} ${c.req.path}`,
        requestId: c.get('requestId'),
      }),
    );
  });
  app.onError((err, c) => {
    if (!isApiPath(c.req.path)) return pageOnError(err, c, deps);
    const { body, unknown } = toProblem(err, c.get('requestId'));
    if (unknown)
      deps.logger.error('unhandled error', {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    return problemResponse(body);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
