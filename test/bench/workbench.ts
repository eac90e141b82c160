/**
 * 局方工作台 server render time. A fresh database gets either the demo half-year story (seeds/,
 * `--scale demo`) or a district's records (`--scale district`: the generated corpus — problems over
 * two years, labs, enterprises — with brokering records on top: contacts, introductions,
 * agreements, centres and their level history, certificates, bureau liaisons assigned to problems).
 * A bureau officer's session is started and the workbench pages are rendered through the real app
 * (`app.request`, in process: render time without the network), one request at a time after a
 * warm-up. Prints p50/p95 per page. 半年报 is timed as the page alone and as a whole visit (the page
 * and its five chart images) both right after a write (the report data computed afresh) and from
 * the report cache (no write in between).
 *
 *   npm run bench:workbench -- [--store pglite|postgres] [--scale demo|district] [--problems 12000] [--requests 40]
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadSeeds } from '../../seeds/load.js';
import { createApp } from '../../src/app.js';
import { buildDeps, stopDeps } from '../../src/deps.js';
import { silentLogger } from '../../src/logger.js';
import { startSession } from '../../src/modules/accounts/sessions.js';
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import { SESSION_COOKIE } from '../../src/web/cookies.js';
import { sql } from 'kysely';
import { loadBrokering } from './brokering.js';
import { generate } from './corpus.js';
import { benchStore, dated, loadCorpus } from './load.js';
import { percentile } from './stats.js';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'pglite' },
    scale: { type: 'string', default: 'demo' },
    problems: { type: 'string', default: '12000' },
    requests: { type: 'string', default: '40' },
  },
});
if (!['demo', 'district'].includes(args.scale!)) throw new Error('--scale demo | district');
const requests = Number(args.requests);
const WARM_UP = 5;
const ADMIN = `bench-${randomBytes(8).toString('hex')}`;
const ms = (x: number) => Math.round(x * 10) / 10;

/** One row of the table: p50, p95 and max of `lat` (ms), the page size column, and the target. */
function report(label: string, lat: number[], target: number, size: string) {
  lat.sort((a, b) => a - b);
  const p95 = percentile(lat, 95);
  console.log(
    label.padEnd(10),
    String(ms(percentile(lat, 50))).padStart(8),
    String(ms(p95)).padStart(8),
    String(ms(lat.at(-1)!)).padStart(8),
    size,
    `  ≤ ${target}${p95 <= target ? ' ✓' : ' ✗'}`,
  );
}

const bench = await benchStore(args.store!, 'workbench');
const engine = createEmbeddedEngine();
await engine.init();
const deps = buildDeps({
  store: bench.store,
  engine,
  config: { adminToken: ADMIN, bodyLimit: 64 * 1024, importLimit: 32 * 1024 * 1024 },
  logger: silentLogger,
});
const app = createApp(deps);

/** Bureau liaisons, each following a share of the problems (看板 cards and 待跟进 show them). */
async function assignLiaisons(n: number) {
  const ids = (
    await deps.db
      .insertInto('liaisons')
      .values(Array.from({ length: n }, (_, i) => ({ side: 'bureau' as const, name: `联络员${i + 1}` })))
      .returning('id')
      .execute()
  ).map((r) => r.id);
  await sql`update problems set liaison_id = (${sql.val(ids)}::uuid[])[1 + abs(hashtext(id::text)) % ${n}]`.execute(
    deps.db,
  );
}

try {
  const t0 = performance.now();
  if (args.scale === 'demo') {
    const seeded = await loadSeeds(deps);
    await deps.search.indexer.drain();
    console.log(`演示数据载入 ${ms((performance.now() - t0) / 1000)} s：`, seeded);
  } else {
    const now = new Date();
    const n = Number(args.problems);
    const corpus = dated(generate({ problems: n, labs: Math.round(n * 1.5) }), now);
    const loaded = await loadCorpus(bench.store, corpus);
    const { loadMs: _, ...records } = await loadBrokering(bench.store, corpus, loaded, now);
    await assignLiaisons(12);
    // What autovacuum would have done to a live database: statistics and the visibility map.
    await sql`VACUUM ANALYZE`.execute(deps.db);
    console.log(`区级数据载入 ${ms((performance.now() - t0) / 1000)} s：problems ${n}`, records);
  }

  const res = await app.request('/api/v1/users', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: '基准测试科员', role: 'bureau' }),
  });
  const user = (await res.json()) as { id: string };
  const secret = await startSession(deps.db, user.id, deps.now(), { ip: '127.0.0.1', userAgent: 'bench' });
  const headers = { cookie: `${SESSION_COOKIE}=${secret}` };
  const busiest = await deps.db
    .selectFrom('problems')
    .select('problems.id')
    .where('deletedAt', 'is', null)
    .where('reviewStatus', '=', 'published')
    .orderBy(
      (eb) =>
        eb.selectFrom('contacts').select(eb.fn.countAll().as('n')).whereRef('contacts.problemId', '=', 'problems.id'),
      'desc',
    )
    .limit(1)
    .executeTakeFirstOrThrow();
  const agreement = await deps.db
    .selectFrom('agreements')
    .select('id')
    .where('deletedAt', 'is', null)
    .orderBy('signedOn', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const centre = await deps.db
    .selectFrom('centres')
    .select('id')
    .where('deletedAt', 'is', null)
    .orderBy('createdAt', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const counts = await deps.db
    .selectFrom('problems')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  const half = await deps.db
    .selectFrom('problems')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('postedAt', '>=', new Date(Date.now() - 182 * 86_400_000))
    .executeTakeFirstOrThrow();
  console.log(`近半年发布的难题 ${half.n} 条`);

  const pages: [string, string, number][] = [
    ['看板', '/bureau/pipeline', 100],
    ['看板（表格）', '/bureau/pipeline?view=table', 100],
    ['待跟进', '/bureau/follow-ups', 100],
    ['工作台', '/bureau', 100],
    ['审核', '/bureau/review', 100],
    ['难题工作区', `/bureau/problems/${busiest.id}`, 300],
    ['合作协议', '/bureau/agreements', 100],
    ['协议页', `/bureau/agreements/${agreement.id}`, 100],
    ['登记协议', `/bureau/agreements/new?problemId=${busiest.id}`, 100],
    ['共建中心', '/bureau/centres', 100],
    ['中心页', `/bureau/centres/${centre.id}`, 100],
    ['半年报（页面）', '/bureau/reports', 300],
  ];
  console.log(
    `\n${args.store}，难题 ${counts.n} 条；每页 ${requests} 次（预热 ${WARM_UP} 次）；load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    '页面'.padEnd(10),
    'p50 ms'.padStart(8),
    'p95 ms'.padStart(8),
    'max ms'.padStart(8),
    'KB'.padStart(6),
    '  目标',
  );
  for (const [label, path, target] of pages) {
    const lat: number[] = [];
    let bytes = 0;
    for (let i = 0; i < WARM_UP + requests; i++) {
      const start = performance.now();
      const r = await app.request(path, { headers });
      const body = await r.text();
      if (r.status !== 200) throw new Error(`${path} → ${r.status}: ${body.slice(0, 300)}`);
      bytes = body.length;
      if (i >= WARM_UP) lat.push(performance.now() - start);
    }
    report(label, lat, target, String(Math.round(bytes / 1024)).padStart(6));
  }

  // 半年报 as a visit: the page and its five <img> chart routes, after a write (a new data version,
  // so the report data is computed afresh) and from the cache (nothing written since the last visit).
  const CHART_NAMES = ['domains', 'funnel', 'agreements', 'contacts', 'centres'];
  const visit = async () => {
    for (const path of ['/bureau/reports', ...CHART_NAMES.map((n) => `/bureau/reports/charts/${n}.svg`)]) {
      const r = await app.request(path, { headers });
      const body = await r.text();
      if (r.status !== 200) throw new Error(`${path} → ${r.status}: ${body.slice(0, 300)}`);
    }
  };
  const aWrite = () =>
    deps.db
      .insertInto('auditLog')
      .values({ actorName: 'bench', action: 'update', entity: 'bench', entityId: 'bench' })
      .execute();
  for (const [label, afterWrite] of [
    ['半年报（页面+5图，写入后）', true],
    ['半年报（页面+5图，缓存）', false],
  ] as const) {
    const lat: number[] = [];
    for (let i = 0; i < WARM_UP + requests; i++) {
      if (afterWrite) await aWrite();
      const start = performance.now();
      await visit();
      if (i >= WARM_UP) lat.push(performance.now() - start);
    }
    report(label, lat, 300, '      ');
  }
  console.log(
    `load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await stopDeps(deps);
  await bench.store.close();
  await bench.cleanup();
}
