/**
 * How long other requests wait while a spreadsheet import runs (issue 12, defect 6): a real server
 * (a child process, the same start path as `npm start` minus seeding) on PGlite or PostgreSQL, a
 * 20,000-row enterprises CSV uploaded (dry run) and run as a background job, while this process
 * polls GET /health every 50 ms over HTTP. Prints the longest and the p99 wait in each phase and
 * any failed poll.
 *
 *   npx tsx test/bench/import-stall.ts [--store pglite|postgres] [--rows 20000]
 */
import { silentLogger as silent } from '../../src/logger.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { makeCreditCode } from '../support/fixtures.js';

const { values: args } = parseArgs({
  strict: false,
  options: {
    store: { type: 'string', default: 'pglite' },
    rows: { type: 'string', default: '20000' },
    serve: { type: 'boolean', default: false },
  },
}) as { values: { store: string; rows: string; serve: boolean } };
const TOKEN = 'bench-import-stall-admin-token';
const POLL_MS = 50;

/** The child: a server on a fresh store, its indexer running as in production; prints its port. */
export async function serveChild() {
  const { serve } = await import('@hono/node-server');
  const { createApp } = await import('../../src/app.js');
  const { createTokenCache } = await import('../../src/auth/token-cache.js');
  const { createImportRunner } = await import('../../src/modules/imports/runner.js');
  const { createEmbeddedEngine } = await import('../../src/search/embedded/index.js');
  const { createIndexer } = await import('../../src/search/indexer.js');
  const { benchStore } = await import('./load.js');
  const bench = await benchStore(args.store!, 'stall');
  const engine = createEmbeddedEngine();
  await engine.init();
  const indexer = createIndexer({ db: bench.store.db, engine, logger: silent });
  const now = () => new Date();
  const imports = createImportRunner({
    db: bench.store.db,
    dbMode: bench.store.mode,
    logger: silent,
    now,
    onBatch: () => indexer.poke(),
  });
  indexer.start();
  const app = createApp({
    db: bench.store.db,
    dbMode: bench.store.mode,
    config: { adminToken: TOKEN, bodyLimit: 1024 * 1024, importLimit: 200 * 1024 * 1024 },
    search: { engine, indexer },
    imports,
    now,
    logger: silent,
    tokens: createTokenCache(),
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
    console.log(`PORT ${info.port}`),
  );
  process.once('SIGTERM', async () => {
    console.log(`MAXRSS ${Math.round(process.resourceUsage().maxRSS / 1024)}`);
    server.close();
    await imports.stop();
    await indexer.stop();
    await engine.close();
    await bench.store.close();
    await bench.cleanup();
    process.exit(0);
  });
}

interface Poll {
  at: number;
  ms: number;
  error?: string;
}

/** Polls /health every 50 ms (one request at a time) until stopped; a poll's wait is its round trip. */
export function poller(base: string) {
  const polls: Poll[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const at = performance.now();
      try {
        const res = await fetch(`${base}/health`);
        await res.arrayBuffer();
        polls.push({ at, ms: performance.now() - at, ...(res.ok ? {} : { error: `HTTP ${res.status}` }) });
      } catch (err) {
        polls.push({
          at,
          ms: performance.now() - at,
          error: (err as { cause?: { code?: string } }).cause?.code ?? String(err),
        });
      }
      const rest = POLL_MS - (performance.now() - at);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    }
  })();
  return {
    polls,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

export function summary(polls: Poll[], from: number, to: number) {
  const inPhase = polls.filter((p) => p.at >= from && p.at < to);
  const sorted = inPhase.map((p) => p.ms).sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
  return {
    polls: inPhase.length,
    longestMs: Math.round(sorted.at(-1) ?? 0),
    p99Ms: Math.round(p99),
    failed: inPhase.filter((p) => p.error).map((p) => p.error),
  };
}

/** Starts the server child (this file with --serve); `stop()` answers its peak RSS in MB. */
export async function startServer(store: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', '--store', store],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let port = 0;
  let maxRssMb = 0;
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const m = /PORT (\d+)/.exec(chunk);
    if (m) port = Number(m[1]);
    const r = /MAXRSS (\d+)/.exec(chunk);
    if (r) maxRssMb = Number(r[1]);
  });
  while (!port) {
    if (child.exitCode !== null) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    token: TOKEN,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
      return maxRssMb;
    },
  };
}

async function main() {
  const server = await startServer(args.store!);
  const base = server.base;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const rows = Number(args.rows);
  const csv = `\uFEFF${stringify([['企业名称', '统一社会信用代码', '所属行业', '地址'], ...Array.from({ length: rows }, (_, i) => [`停顿测试企业${i + 1}有限公司`, makeCreditCode(), '通用设备制造业', `某区某路 ${i + 1} 号`])])}`;

  const poll = poller(base);
  await new Promise((r) => setTimeout(r, 1000)); // a quiet second: the baseline
  const t0 = performance.now();
  const upload = await fetch(`${base}/api/v1/imports?kind=enterprises`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/csv' },
    body: csv,
  });
  const preview = (await upload.json()) as { id: string; planned: unknown };
  if (upload.status !== 201) throw new Error(JSON.stringify(preview));
  const t1 = performance.now();
  await fetch(`${base}/api/v1/imports/${preview.id}/run`, { method: 'POST', headers: auth });
  let job: { status: string; result?: unknown };
  do {
    await new Promise((r) => setTimeout(r, 250));
    job = (await (await fetch(`${base}/api/v1/imports/${preview.id}`, { headers: auth })).json()) as typeof job;
  } while (job.status === 'queued' || job.status === 'running');
  const t2 = performance.now();
  await new Promise((r) => setTimeout(r, 500));
  await poll.stop();
  await server.stop();

  const phases = {
    baseline: summary(poll.polls, 0, t0),
    dryRun: summary(poll.polls, t0, t1),
    run: summary(poll.polls, t1, t2),
  };
  console.log(`\n/health waits during a ${rows}-row import on ${args.store} (poll every ${POLL_MS} ms over HTTP)\n`);
  console.log('| phase | duration (s) | polls | longest wait (ms) | p99 (ms) | failed polls |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const seconds = { baseline: t0 / 1000 - poll.polls[0]!.at / 1000, dryRun: (t1 - t0) / 1000, run: (t2 - t1) / 1000 };
  for (const [name, s] of Object.entries(phases))
    console.log(
      `| ${name} | ${seconds[name as keyof typeof seconds].toFixed(1)} | ${s.polls} | ${s.longestMs} | ${s.p99Ms} | ${s.failed.length ? s.failed.join(', ') : 0} |`,
    );
  console.log(`\njob: ${job.status} ${JSON.stringify(job.result ?? '')}`);
}

if (args.serve) void serveChild();
else if (process.argv[1] === fileURLToPath(import.meta.url))
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
