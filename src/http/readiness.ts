/**
 * Liveness and readiness for load balancers and orchestrators. `/health/live`: the process
 * answers. `/health/ready`: this process should get traffic — the database answers, every
 * migration this code knows is applied, the search engine is up and, for each index whose
 * records exist in the database, holds documents (an empty in-process index after a start that
 * skipped the rebuild would answer every search with nothing). A process shutting down is not ready.
 */
import { Hono } from 'hono';
import { sql } from 'kysely';
import { migrations } from '../db/migrations/index.js';
import type { IndexName } from '../search/port.js';
import type { AppDeps } from '../deps.js';
import type { AppEnv } from './env.js';

/** Set by the entry file when a SIGTERM starts the shutdown. */
export interface Lifecycle {
  draining: boolean;
}

type Check = { ok: boolean; detail?: string };

const RECORDS: Record<IndexName, 'problems' | 'labs'> = { problems: 'problems', labs: 'labs' };

async function checks(deps: AppDeps): Promise<Record<string, Check>> {
  const out: Record<string, Check> = {};
  try {
    await sql`select 1`.execute(deps.db);
    out.database = { ok: true };
  } catch (err) {
    return { database: { ok: false, detail: err instanceof Error ? err.message : String(err) } };
  }
  const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(deps.db).then(
    (r) => new Set(r.rows.map((m) => m.name)),
    () => new Set<string>(),
  );
  const missing = Object.keys(migrations).filter((m) => !applied.has(m));
  out.migrations = missing.length ? { ok: false, detail: `未执行的迁移：${missing.join(', ')}` } : { ok: true };
  const health = await deps.search.engine.health();
  out.search = health.ok ? { ok: true } : { ok: false, detail: health.detail ?? '搜索引擎不可用' };
  if (health.ok && health.documents) {
    const empty: string[] = [];
    for (const [index, table] of Object.entries(RECORDS) as [IndexName, 'problems' | 'labs'][]) {
      if (health.documents[index] !== 0) continue;
      const any = await deps.db
        .selectFrom(table)
        .select('id')
        .where('deletedAt', 'is', null)
        .limit(1)
        .executeTakeFirst();
      if (any) empty.push(index);
    }
    out.searchIndex = empty.length
      ? { ok: false, detail: `数据库有记录而索引为空：${empty.join(', ')}` }
      : { ok: true };
  }
  return out;
}

export function readinessRoutes(deps: AppDeps, lifecycle: Lifecycle) {
  const app = new Hono<AppEnv>();
  app.get('/health/live', (c) => c.json({ status: 'ok' }));
  app.get('/health/ready', async (c) => {
    if (lifecycle.draining)
      return c.json({ status: 'not_ready', checks: { shutdown: { ok: false, detail: '进程正在停止' } } }, 503);
    const result = await checks(deps);
    const ready = Object.values(result).every((r) => r.ok);
    return c.json({ status: ready ? 'ready' : 'not_ready', checks: result }, ready ? 200 : 503);
  });
  return app;
}
