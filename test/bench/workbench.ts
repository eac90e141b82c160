/**
 * 局方工作台 server render time: the demo half-year story (seeds/, a district's half-year of
 * brokering) is loaded into a fresh database, a bureau officer's session is started, and the
 * workbench pages are rendered through the real app (`app.request`, in process: render time without
 * the network), one request at a time after a warm-up. Prints p50/p95 per page.
 *
 *   npm run bench:workbench -- [--store pglite|postgres] [--requests 40]
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
import { benchStore } from './load.js';
import { percentile } from './stats.js';

const { values: args } = parseArgs({
  options: { store: { type: 'string', default: 'pglite' }, requests: { type: 'string', default: '40' } },
});
const requests = Number(args.requests);
const WARM_UP = 5;
const ADMIN = `bench-${randomBytes(8).toString('hex')}`;
const ms = (x: number) => Math.round(x * 10) / 10;

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
try {
  const t0 = performance.now();
  const seeded = await loadSeeds(deps);
  await deps.search.indexer.drain();
  console.log(`演示数据载入 ${ms((performance.now() - t0) / 1000)} s：`, seeded);

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
    lat.sort((a, b) => a - b);
    const p95 = percentile(lat, 95);
    console.log(
      label.padEnd(10),
      String(ms(percentile(lat, 50))).padStart(8),
      String(ms(p95)).padStart(8),
      String(ms(lat.at(-1)!)).padStart(8),
      String(Math.round(bytes / 1024)).padStart(6),
      `  ≤ ${target}${p95 <= target ? ' ✓' : ' ✗'}`,
    );
  }
} finally {
  await stopDeps(deps);
  await bench.store.close();
  await bench.cleanup();
}
