/**
 * Two real server processes on one PostgreSQL database (each with its own in-process search
 * engine): a write through one is found by search through the other within 2 s; an import
 * started through both at once runs exactly once; an API token made through one works on the
 * other; rate limits count across both. Runs only with DATABASE_URL (CI's PostgreSQL run).
 */
import { stringify } from 'csv-stringify/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../support/fixtures.js';
import { childDatabase, type ChildDatabase, type ServerProcess, startServer } from '../support/server-process.js';

const ADMIN = 'two-process-admin-token-0123456';
const onPostgres = !!process.env.DATABASE_URL;
let db: ChildDatabase;
let a: ServerProcess;
let b: ServerProcess;

async function call(server: ServerProcess, method: string, path: string, body?: unknown, token = ADMIN) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

describe.runIf(onPostgres)('two server processes on one PostgreSQL', () => {
  beforeAll(async () => {
    db = await childDatabase();
    const env = { ...db.env, ADMIN_TOKEN: ADMIN, RATE_LIMIT_REPORTS: '4/3600' };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')]);
    await db?.drop();
  });

  it('a write through one is found by search through the other within 2 s', async () => {
    const ent = await call(a, 'POST', '/api/v1/enterprises', {
      name: '双进程测试科技有限公司',
      creditCode: makeCreditCode(),
    });
    expect(ent.status).toBe(201);
    const title = '双进程检索可见的陶瓷轴承磨损难题';
    const p = await call(a, 'POST', '/api/v1/problems', {
      enterpriseId: ent.body.id,
      title,
      description: `${title}，需要高校联合攻关。`,
      domains: ['new_materials'],
    });
    expect(p.status).toBe(201);
    // The other process polls the outbox every 250 ms, and a transaction still open elsewhere on the
    // server (another test's, an import's) no longer holds this committed change back (committedAhead
    // in src/search/outbox-reader.ts): 2 s leaves room for a loaded machine.
    const written = Date.now();
    let found = false;
    while (!found && Date.now() - written < 2_000) {
      const r = await call(b, 'GET', `/api/v1/search?index=problems&q=${encodeURIComponent('陶瓷轴承磨损')}`);
      found = r.body.hits?.some((h: { id: string }) => h.id === p.body.id) ?? false;
      if (!found) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found, 'found through the other process within 2 s').toBe(true);
  });

  it('an import started through both processes at once runs exactly once', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [
      `双进程导入企业${i + 1}号有限公司`,
      makeCreditCode(),
      '通用设备制造业',
    ]);
    const csv = `\uFEFF${stringify([['企业名称', '统一社会信用代码', '所属行业'], ...rows])}`;
    const preview = await fetch(`${a.url}/api/v1/imports?kind=enterprises`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(preview.status).toBe(201);
    const id = ((await preview.json()) as { id: string }).id;
    const runs = await Promise.all([
      call(a, 'POST', `/api/v1/imports/${id}/run`),
      call(b, 'POST', `/api/v1/imports/${id}/run`),
    ]);
    expect(runs.map((r) => r.status)).toEqual([202, 202]);
    let job: { status: string } = { status: 'queued' };
    for (let i = 0; i < 600 && job.status !== 'completed' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await call(i % 2 ? a : b, 'GET', `/api/v1/imports/${id}`)).body;
    }
    expect(job).toMatchObject({ status: 'completed', attempts: 1, result: { created: 120 } });
    const client = new pg.Client({ connectionString: db.env.DATABASE_URL });
    await client.connect();
    const audit = await client.query(`select count(*)::int as n from audit_log where request_id = $1`, [
      `import-${id}`,
    ]);
    const made = await client.query(`select count(*)::int as n from enterprises where name like '双进程导入企业%'`);
    await client.end();
    expect(audit.rows[0].n).toBe(120);
    expect(made.rows[0].n).toBe(120);
  });

  it('a token made through one works on the other, and rate limits count across both', async () => {
    const user = await call(a, 'POST', '/api/v1/users', { name: '双进程局用户', role: 'bureau' });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const me = await call(b, 'GET', '/api/v1/me', undefined, user.body.token);
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.userId).toBe(user.body.id);

    const path = '/api/v1/reports/summary?from=2025-01-01&to=2025-06-30';
    const statuses = [];
    for (const server of [a, b, a, b, a, b])
      statuses.push((await call(server, 'GET', path, undefined, user.body.token)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('both stop cleanly on SIGTERM', async () => {
    expect(await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')])).toEqual([0, 0]);
  });
});
