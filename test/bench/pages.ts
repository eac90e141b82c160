/**
 * Page render time and first-visit weight at district scale (5,000 problems, 10,000 labs): the
 * generated corpus is loaded into a fresh database with bulk inserts, a university liaison and the
 * enterprise with the most problems get a signed-in session, the real server starts on it, and
 * 需求大厅 (with a query, facets and highlights, and without) and 我的难题 are requested one at a
 * time. Then the bytes a first visit of 需求大厅 transfers: the page and every stylesheet and
 * script it links, gzip as a browser asks for it, counted on the wire.
 *
 *   npm run bench:pages -- [--store pglite|postgres] [--requests 200]
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { hashToken } from '../../src/auth/tokens.js';
import { startSession } from '../../src/modules/accounts/sessions.js';
import { SESSION_COOKIE } from '../../src/web/cookies.js';
import { generate, userQueries } from './corpus.js';
import { benchStore, childRssMb, loadCorpus, startServer } from './load.js';
import { percentile } from './stats.js';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'pglite' },
    requests: { type: 'string', default: '200' },
    keep: { type: 'boolean', default: false },
  },
});
const requests = Number(args.requests);
const ADMIN = `bench-${randomBytes(8).toString('hex')}`;
const PORT = 3800 + Math.floor(Math.random() * 90);
const WARM_UP = 10;
const ms = (x: number) => Math.round(x * 10) / 10;
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** One GET as a browser sends it; the body as transferred (compressed when the server compressed it). */
function get(
  path: string,
  cookie: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; wire: number; body: Buffer; encoding?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: PORT,
        path,
        headers: { ...extra, cookie, 'accept-encoding': 'gzip, deflate, br', accept: 'text/html,*/*' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, wire: body.length, body, encoding: res.headers['content-encoding'] });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function timed(label: string, paths: string[], cookie: string, extra: Record<string, string> = {}) {
  const lat: number[] = [];
  let errors = 0;
  for (let i = 0; i < WARM_UP + requests; i++) {
    const t0 = performance.now();
    const res = await get(paths[i % paths.length]!, cookie, extra);
    if (res.status !== 200) errors++;
    if (i >= WARM_UP) lat.push(performance.now() - t0);
  }
  lat.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} p50 ${String(ms(percentile(lat, 50))).padStart(6)} ms   p95 ${String(ms(percentile(lat, 95))).padStart(6)} ms   p99 ${String(ms(percentile(lat, 99))).padStart(6)} ms   errors ${errors}`,
  );
  return lat;
}

async function main() {
  const bench = await benchStore(args.store!, 'pages');
  const corpus = generate('district');
  const loaded = await loadCorpus(bench.store, corpus);
  const db = bench.store.db;
  // The enterprise with the most problems, so 我的难题 has pages of them.
  const counts = new Map<string, number>();
  for (const p of corpus.problems) counts.set(String(p.enterpriseId), (counts.get(String(p.enterpriseId)) ?? 0) + 1);
  const [entKey, entProblems] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  const universityId = [...loaded.universities.values()][0]!;
  const user = (role: 'enterprise' | 'university', binding: Record<string, string>) =>
    db
      .insertInto('users')
      .values({ name: `压测${role}`, role, tokenHash: hashToken(randomBytes(16).toString('hex')), ...binding })
      .returning('id')
      .executeTakeFirstOrThrow();
  const ent = await user('enterprise', { enterpriseId: loaded.enterprises.get(entKey)! });
  const uni = await user('university', { universityId });
  const client = { ip: '127.0.0.1', userAgent: 'bench' };
  const entCookie = `${SESSION_COOKIE}=${await startSession(db, ent.id, new Date(), client)}`;
  const uniCookie = `${SESSION_COOKIE}=${await startSession(db, uni.id, new Date(), client)}`;
  console.log(
    `loaded ${corpus.problems.length} problems, ${corpus.labs.length} labs in ${ms(loaded.loadMs / 1000)} s on ${args.store}; 我的难题 enterprise has ${entProblems} problems`,
  );
  await bench.store.close();

  const { child, healthyMs } = await startServer(bench.env, { port: PORT, adminToken: ADMIN });
  try {
    console.log(`server healthy in ${ms(healthyMs / 1000)} s (index rebuilt from the database); load ${load()}`);
    const queries = userQueries(50).map((q) => `/university/needs?q=${encodeURIComponent(q)}`);
    const filtered = userQueries(50, 11).map(
      (q, i) =>
        `/university/needs?q=${encodeURIComponent(q)}&domains=${['advanced_manufacturing', 'electronic_info', 'new_materials'][i % 3]}&budgetMin=20&sort=-postedAt`,
    );
    console.log(`\n${requests} requests each, one at a time, after ${WARM_UP} warm-up requests:`);
    await timed('需求大厅 (no query)', ['/university/needs'], uniCookie);
    await timed('需求大厅 ?q= (highlights, facets)', queries, uniCookie);
    await timed('需求大厅 ?q= + filters + sort', filtered, uniCookie);
    await timed('需求大厅 htmx fragment', queries, `${uniCookie}`, { 'hx-request': 'true' });
    await timed('我的难题', ['/enterprise/problems'], entCookie);

    // First visit: the page, then every stylesheet and script it links (as a browser with an empty cache).
    const page = await get('/university/needs', uniCookie);
    const html = (page.encoding === 'gzip' ? (await import('node:zlib')).gunzipSync(page.body) : page.body).toString(
      'utf8',
    );
    const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]!);
    let total = page.wire;
    const parts = [
      `HTML ${(page.wire / 1024).toFixed(1)} KB (${page.encoding ?? 'identity'}, ${(html.length / 1024).toFixed(1)} K chars)`,
    ];
    for (const a of assets) {
      const r = await get(a, uniCookie);
      total += r.wire;
      parts.push(`${a.replace(/^\/assets\//, '')} ${(r.wire / 1024).toFixed(1)} KB (${r.encoding ?? 'identity'})`);
    }
    console.log(`\nfirst visit of 需求大厅: ${(total / 1024).toFixed(1)} KB transferred — ${parts.join(', ')}`);
    console.log(`server RSS ${childRssMb(child.pid!)} MB; load ${load()}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await bench.cleanup(args.keep);
  }
}

await main();
