/** The caller's address and browser, for sessions, throttling and the audit log. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppDeps } from '../deps.js';
import type { ClientInfo } from '../modules/accounts/service.js';

/**
 * Behind a reverse proxy every request comes from the proxy, so with `trustProxy` the address is
 * the last X-Forwarded-For entry (the one our proxy appended; earlier ones are the client's to forge).
 */
export function clientInfo(c: Context, deps: Pick<AppDeps, 'config'>): ClientInfo {
  let ip: string | null = null;
  const forwarded = deps.config.trustProxy ? c.req.header('x-forwarded-for')?.split(',').pop()?.trim() : undefined;
  if (forwarded) ip = forwarded;
  else {
    try {
      ip = getConnInfo(c).remote.address ?? null;
    } catch {
      // app.request in tests has no socket.
    }
  }
  return { ip, userAgent: c.req.header('user-agent') ?? null, requestId: c.get('requestId') as string | undefined };
}
