/** The caller's network address, for rate limits, sign-in throttling, sessions and the audit log. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The socket's address — or, behind our reverse proxy (TRUST_PROXY=true), the last X-Forwarded-For
 * entry: the one the proxy appended. Earlier entries are the client's to forge.
 */
export function clientAddress(c: Context, trustProxy: boolean | undefined): string | null {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',').pop()?.trim() : undefined;
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // not served over a socket (app.request in tests)
  }
}
