/**
 * `Idempotency-Key` on creates: the first request with a key runs and its answer is stored;
 * retries (also concurrent ones, which wait for the first) get the same status and body,
 * and nothing is recorded twice. Keys are per actor; a key reused for another request is refused.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { actorKey } from '../auth/actor.js';
import type { AppDeps } from '../deps.js';
import type { AppEnv } from './env.js';
import { ApiError } from './errors.js';

const KEPT_HEADERS = ['content-type', 'location', 'etag'];
/** A key still pending after this long belongs to a request that died; it may be taken over. */
const ABANDONED_MS = 60_000;
const WAIT_MS = 30_000;
const POLL_MS = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function idempotency(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const { db } = deps;
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    const actor = c.get('actor');
    if (c.req.method !== 'POST' || key === undefined || !actor) return next();
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new ApiError('invalid_request', 'Idempotency-Key 须为 1–200 个可见 ASCII 字符', [
        { path: 'header.Idempotency-Key', message: '格式无效' },
      ]);
    }
    const owner = actorKey(actor);
    const requestHash = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n`)
      .update(new Uint8Array(await c.req.arrayBuffer())) // bytes: an uploaded spreadsheet is not text
      .digest('hex');

    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const claimed = await db
        .insertInto('idempotencyKeys')
        .values({
          actor: owner,
          key,
          method: c.req.method,
          path: c.req.path,
          requestHash,
          status: null,
          responseBody: null,
          responseHeaders: null,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('key')
        .executeTakeFirst();
      if (claimed) break;

      const row = await db
        .selectFrom('idempotencyKeys')
        .selectAll()
        .where('actor', '=', owner)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) continue; // released between our insert and select: claim again
      if (row.requestHash !== requestHash) {
        throw new ApiError('idempotency_mismatch', '该 Idempotency-Key 已用于内容不同的请求，请换一个新的键');
      }
      if (row.status !== null) {
        return new Response(row.responseBody === null ? null : JSON.stringify(row.responseBody), {
          status: row.status,
          headers: { ...(row.responseHeaders ?? {}), 'idempotent-replayed': 'true' },
        });
      }
      if (Date.now() - new Date(row.createdAt).getTime() > ABANDONED_MS) {
        await db
          .deleteFrom('idempotencyKeys')
          .where('actor', '=', owner)
          .where('key', '=', key)
          .where('status', 'is', null)
          .execute();
        continue;
      }
      if (Date.now() > deadline) throw new ApiError('idempotency_in_progress', '首个请求仍在处理，请稍后重试');
      await sleep(POLL_MS);
    }

    await next();

    const res = c.res;
    if (res.status >= 500) {
      // Nothing was recorded: let a retry run again.
      await db.deleteFrom('idempotencyKeys').where('actor', '=', owner).where('key', '=', key).execute();
      return;
    }
    const text = await res.clone().text();
    const headers: Record<string, string> = {};
    for (const h of KEPT_HEADERS) {
      const v = res.headers.get(h);
      if (v) headers[h] = v;
    }
    await db
      .updateTable('idempotencyKeys')
      .set({ status: res.status, responseBody: text || null, responseHeaders: JSON.stringify(headers) })
      .where('actor', '=', owner)
      .where('key', '=', key)
      .execute();
  };
}
