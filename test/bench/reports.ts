/**
 * 工作总结 latency at the search benchmark's provincial scale: the generated corpus (100k problems,
 * 150k labs, dated up to today) plus brokering records on top of it (contacts, introductions,
 * agreements, centres, certificates) are loaded into a fresh database with bulk inserts, the real
 * server starts on it, and the summary, a figure's detail, the narrative and the XLSX export are
 * timed over HTTP, one request at a time.
 *
 *   npm run bench:reports -- [--store pglite|postgres] [--problems 100000] [--requests 30] [--keep]
 *
 * PostgreSQL: DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres);
 * a fresh database is created and dropped (kept with --keep, for EXPLAIN).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { shanghaiToday } from '../../src/domain/calendar.js';
import { loadBrokering } from './brokering.js';
import { generate } from './corpus.js';
import { benchStore, childRssMb, dated, loadCorpus, startServer } from './load.js';
import { percentile } from './stats.js';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'pglite' },
    problems: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
});
const problemCount = Number(args.problems);
const requests = Number(args.requests);
const ADMIN = `bench-${randomBytes(8).toString('hex')}`;
const PORT = 3700 + Math.floor(Math.random() * 90);
const WARM_UP = 3;
const ms = (x: number) => Math.round(x * 10) / 10;
/** Other work on the machine's 2 cores shows in every figure: printed beside them. */
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function timed(url: string) {
  const headers = { authorization: `Bearer ${ADMIN}` };
  let bytes = 0;
  let errors = 0;
  const lat: number[] = [];
  for (let i = 0; i < WARM_UP + requests; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    bytes = (await res.arrayBuffer()).byteLength;
    if (i >= WARM_UP) lat.push(performance.now() - t0);
    if (res.status !== 200) errors++;
  }
  lat.sort((a, b) => a - b);
  return {
    n: lat.length,
    errors,
    p50: ms(percentile(lat, 50)),
    p95: ms(percentile(lat, 95)),
    max: ms(lat.at(-1)!),
    kB: Math.round(bytes / 1024),
  };
}

async function main() {
  const now = new Date();
  const labCount = Math.round(problemCount * 1.5);
  console.log(
    `store=${args.store} problems=${problemCount} labs=${labCount} requests=${requests} (+${WARM_UP} warm-up) today=${shanghaiToday(now)} load average ${load()}`,
  );
  const { store, env, cleanup } = await benchStore(args.store!, 'rbench');
  try {
    const corpus = dated(generate({ problems: problemCount, labs: labCount }), now);
    const loaded = await loadCorpus(store, corpus);
    console.log(`corpus loaded in ${ms(loaded.loadMs / 1000)} s`);
    const counts = await loadBrokering(store, corpus, loaded, now);
    // What autovacuum would have done to a live database: statistics, and the visibility map that index-only scans read.
    await sql`VACUUM ANALYZE`.execute(store.db);
    const { loadMs, ...records } = counts;
    console.log(`brokering records loaded in ${ms(loadMs / 1000)} s:`, records);
    await store.close();

    const { child, healthyMs } = await startServer(env, { port: PORT, adminToken: ADMIN });
    console.log(
      `start to healthy (migrate + rebuild the search index): ${ms(healthyMs / 1000)} s; server RSS ${childRssMb(child.pid!)} MB`,
    );
    const base = `http://127.0.0.1:${PORT}/api/v1/reports/summary`;
    const year = shanghaiToday(now).slice(0, 4);
    const fullYear = `from=${year}-01-01&to=${year}-12-31`;
    const headers = { authorization: `Bearer ${ADMIN}` };
    const summary = (await (await fetch(base, { headers })).json()) as {
      period: { from: string; to: string };
      figures: { key: string; value: number; previous: number | null }[];
    };
    const value = (k: string) => summary.figures.find((f) => f.key === k);
    console.log(
      `default period ${summary.period.from}–${summary.period.to}:`,
      Object.fromEntries(
        [
          'problems.collected',
          'contacts.total',
          'introductions.made',
          'agreements.signed',
          'agreements.amountWan',
          'centres.established',
          'centres.upgraded',
          'highTech.certified',
        ].map((k) => [k, `${value(k)?.value} (prev ${value(k)?.previous})`]),
      ),
    );
    const rows = {
      'summary (half-year)': await timed(base),
      'summary (full year)': await timed(`${base}?${fullYear}`),
      'detail=problems.collected': await timed(`${base}?detail=problems.collected`),
      'detail=agreements.signed': await timed(`${base}?detail=agreements.signed`),
      'narrative (half-year)': await timed(`${base}/narrative`),
      'export xlsx (half-year)': await timed(`${base}/export?format=xlsx`),
    };
    const rss = childRssMb(child.pid!);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    console.table(rows);
    console.log(
      `server RSS after the requests ${rss} MB; latencies in ms, one request at a time over HTTP; load average ${load()}`,
    );
    if (args.keep) console.log('kept for inspection:', env);
  } finally {
    await cleanup(args.keep);
  }
}

await main();
