/** The caller's address and browser, for sessions, throttling and the audit log. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { ClientInfo } from '../modules/accounts/service.js';

export function clientInfo(c: Context): ClientInfo {
  let ip: string | null = null;
  try {
    ip = getConnInfo(c).remote.address ?? null;
  } catch {
    // app.request in tests has no socket.
  }
  return { ip, userAgent: c.req.header('user-agent') ?? null, requestId: c.get('requestId') as string | undefined };
}
