/**
 * Rate limits shared by every process: fixed-window counters in the database (`rate_limits`),
 * one upsert per request however many keys it counts against. `consume` is the generic part —
 * sign-in throttling counts its own keys with it — and `rateLimits` the API middleware that
 * limits the expensive routes (matches, imports, reports, exports) per user and per address,
 * answering 429 problem+json with `Retry-After`.
 */
import { clientAddress } from './client-address.js';
import type { Context, MiddlewareHandler } from 'hono';
import { type Kysely, sql } from 'kysely';
import { actorKey } from '../auth/actor.js';
import type { Database } from '../db/tables.js';
import type { AppEnv } from './env.js';
import { problemBody, problemResponse } from './errors.js';

export interface Limit {
  /** Requests allowed per window. */
  max: number;
  windowS: number;
}

export interface Decision {
  allowed: boolean;
  /** Seconds until the window that refused the request ends (0 when allowed). */
  retryAfterS: number;
  /** The counted key that refused the request. */
  refusedBy?: string;
}

let sweptAt = 0;

/**
 * Counts one hit against each key in its current window and says whether every key is still
 * within its limit. Keys are counted in a fixed order so two processes never deadlock.
 */
export async function consume(db: Kysely<Database>, keys: readonly { key: string; limit: Limit }[]): Promise<Decision> {
  if (!keys.length) return { allowed: true, retryAfterS: 0 };
  const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : 1));
  const rows = sql.join(
    sorted.map(
      ({ key, limit }) =>
        sql`(${key}, to_timestamp(floor(extract(epoch from now()) / ${limit.windowS}::int) * ${limit.windowS}::int), 1)`,
    ),
  );
  const r = await sql<{ key: string; hits: number; left: number }>`
    INSERT INTO rate_limits (key, window_start, hits) VALUES ${rows}
    ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
    RETURNING key, hits, extract(epoch from (window_start - now()))::float8 AS left`.execute(db);
  // Old windows are only history: drop them now and then (any process may).
  if (Date.now() - sweptAt > 600_000) {
    sweptAt = Date.now();
    void sql`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`.execute(db).catch(() => undefined);
  }
  for (const row of r.rows) {
    const { limit } = sorted.find((k) => k.key === row.key)!;
    if (row.hits > limit.max)
      return {
        allowed: false,
        retryAfterS: Math.max(1, Math.ceil(Number(row.left) + limit.windowS)),
        refusedBy: row.key,
      };
  }
  return { allowed: true, retryAfterS: 0 };
}

export const RATE_GROUPS = ['matches', 'imports', 'reports', 'exports'] as const;
export type RateGroup = (typeof RATE_GROUPS)[number];
/** Per-user limit of each group; an address gets `addressFactor` times as many (offices share one address). */
export type RateLimits = Partial<Record<RateGroup, Limit>> & { addressFactor: number; trustProxy: boolean };

const MATCHES = /^\/api\/v1\/(problems|labs)\/[^/]+\/matches$/;

/** Which limited group a request belongs to, if any. Import progress polling (GET) is not limited. */
export function groupOf(method: string, path: string): RateGroup | undefined {
  if (path.startsWith('/api/v1/exports/') || path.endsWith('/export')) return 'exports';
  if (path.startsWith('/api/v1/reports/')) return 'reports';
  if (MATCHES.test(path)) return 'matches';
  if (method !== 'GET' && (path === '/api/v1/imports' || path.startsWith('/api/v1/imports/'))) return 'imports';
  return undefined;
}

const describe = (l: Limit) =>
  l.windowS % 60 === 0 ? `每 ${l.windowS / 60} 分钟 ${l.max} 次` : `每 ${l.windowS} 秒 ${l.max} 次`;

/** API middleware: runs after authentication, so the actor is known. */
export function rateLimits(deps: {
  db: Kysely<Database>;
  config: { rateLimits?: RateLimits };
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limits = deps.config.rateLimits;
    const group = limits && groupOf(c.req.method, c.req.path);
    const limit = group && limits[group];
    if (!group || !limit) return next();
    const byAddress = { max: limit.max * limits.addressFactor, windowS: limit.windowS };
    const decision = await consume(deps.db, [
      { key: `${group}:user:${actorKey(c.get('actor'))}`, limit },
      { key: `${group}:addr:${clientAddress(c, limits.trustProxy) ?? 'unknown'}`, limit: byAddress },
    ]);
    if (decision.allowed) return next();
    const perAddress = decision.refusedBy!.includes(':addr:');
    const detail = `请求过于频繁：${perAddress ? '同一地址' : '每个用户'}${describe(perAddress ? byAddress : limit)}，请 ${decision.retryAfterS} 秒后再试`;
    return problemResponse(problemBody('too_many_requests', { detail, requestId: c.get('requestId') }), {
      'retry-after': String(decision.retryAfterS),
    });
  };
}
