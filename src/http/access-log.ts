/**
 * One access-log line per request: method, the route's pattern (never the path with its query,
 * which may carry search text), status, duration, request id and the acting user's id. Headers,
 * bodies, tokens and addresses are never logged. 5xx lines are errors, 4xx warnings.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from '../logger.js';
import type { AppEnv } from './env.js';

export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const line = {
      requestId: c.get('requestId'),
      method: c.req.method,
      // After next() the route index points at the handler (or middleware) that answered; a miss
      // was answered by no route, only passed through the catch-all middleware patterns.
      route: status === 404 && routePath(c).endsWith('*') ? '(no route)' : routePath(c),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      actorId: c.get('actor')?.userId ?? null,
    };
    if (status >= 500) logger.error('request', line);
    else if (status >= 400) logger.warn('request', line);
    // Health probes arrive every few seconds from a load balancer: only worth a line when debugging.
    else if (line.route.startsWith('/health')) logger.debug('request', line);
    else logger.info('request', line);
  };
}
