/** The caller's address and browser, for sessions, throttling and the audit log. */
import type { Context } from 'hono';
import type { AppDeps } from '../deps.js';
import { clientAddress } from '../http/client-address.js';
import type { ClientInfo } from '../modules/accounts/service.js';

export function clientInfo(c: Context, deps: Pick<AppDeps, 'config'>): ClientInfo {
  return {
    ip: clientAddress(c, deps.config.trustProxy),
    userAgent: c.req.header('user-agent') ?? null,
    requestId: c.get('requestId') as string | undefined,
  };
}
