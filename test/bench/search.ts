/**
 * Search and matching over HTTP at district or provincial scale: generated Chinese problems and
 * labs are loaded into the database, the real server starts on them (the embedded engine rebuilds
 * its index from the database at start), and search and match latencies are measured over HTTP;
 * then the same queries run against an in-process engine directly, which is the limit.
 *
 *   npx tsx test/bench/search.ts [district|provincial] [--store pglite|postgres] [--queries 400]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPglite, openPostgres, type Store } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import { problemDocuments, labDocuments } from '../../src/search/documents.js';
import type { SearchDocument } from '../../src/search/port.js';
import { generate, SCALES, userQueries, type ScaleName } from './corpus.js';
import { percentile } from './stats.js';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { store: { type: 'string', default: 'pglite' }, queries: { type: 'string', default: '400' } } });
const scale = (positionals[0] ?? 'district') as ScaleName;
if (!(scale in SCALES)) throw new Error(`scale: ${Object.keys(SCALES).join(' | ')}`);
const N = Number(args.queries);
const TARGETS = { district: { search: 10, match: 50 }, provincial: { search: 50, match: 150 } }[scale];
const ADMIN = `bench-${randomBytes(8).toString('hex')}`;
const PORT = 3800 + Math.floor(Math.random() * 90);
const ms = (x: number) => Math.round(x * 10) / 10;

async function load(store: Store) {
  await migrateToLatest(store.db);
  const { problems, labs } = generate(scale);
  const t0 = performance.now();
  const universities = new Map<string, string>();
  for (const l of labs) universities.set(String(l.universityName), '');
  for (const name of universities.keys()) {
    const kind = name.endsWith('研究院') ? 'institute' : 'university';
    universities.set(name, (await store.db.insertInto('universities').values({ name, kind, city: '杭州' }).returning('id').executeTakeFirstOrThrow()).id);
  }
  const enterprises = new Map<string, string>();
  for (const p of problems) enterprises.set(String(p.enterpriseId), '');
  const entKeys = [...enterprises.keys()];
  for (let i = 0; i < entKeys.length; i += 1000) {
    const rows = await store.db.insertInto('enterprises').values(entKeys.slice(i, i + 1000).map((k) => ({ name: `企业${k}`, industry: '制造业' }))).returning('id').execute();
    rows.forEach((r, j) => enterprises.set(entKeys[i + j]!, r.id));
  }
  const day = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString().slice(0, 10));
  for (let i = 0; i < problems.length; i += 1000) {
    await store.db
      .insertInto('problems')
      .values(
        problems.slice(i, i + 1000).map((p) => ({
          enterpriseId: enterprises.get(String(p.enterpriseId))!,
          title: String(p.title),
          description: String(p.description),
          domains: p.domains as string[],
          keywords: p.keywords as string[],
          budgetWan: p.budgetWan as number | null,
          deadline: day(p.deadline as number | null),
          visibility: p.visibility as 'public' | 'bureau',
          stage: p.stage as 'open',
          postedAt: new Date(Number(p.postedAt) * 1000),
        })),
      )
      .execute();
  }
  for (let i = 0; i < labs.length; i += 1000) {
    await store.db
      .insertInto('labs')
      .values(labs.slice(i, i + 1000).map((l) => ({ universityId: universities.get(String(l.universityName))!, name: `${String(l.name)}${l.id}`, leader: l.leader as string | null, domains: l.domains as string[], keywords: l.keywords as string[], summary: String(l.summary), equipment: l.equipment as string[], achievements: l.achievements as string[] })))
      .execute();
  }
  return { problems: problems.length, labs: labs.length, loadMs: performance.now() - t0 };
}

function childRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function startServer(env: Record<string, string>) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { env: { ...process.env, ...env, PORT: String(PORT), ADMIN_TOKEN: ADMIN, SEED_DEMO: 'false', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 3000; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health`)).ok) return { child, healthyMs: performance.now() - started };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become healthy');
}

async function timed(urls: string[]) {
  const headers = { authorization: `Bearer ${ADMIN}` };
  for (const u of urls.slice(0, 20)) await (await fetch(u, { headers })).arrayBuffer(); // warm-up
  const lat: number[] = [];
  let errors = 0;
  for (const u of urls) {
    const t0 = performance.now();
    const res = await fetch(u, { headers });
    await res.arrayBuffer();
    lat.push(performance.now() - t0);
    if (res.status !== 200) errors++;
  }
  lat.sort((a, b) => a - b);
  return { n: lat.length, errors, p50: ms(percentile(lat, 50)), p95: ms(percentile(lat, 95)), p99: ms(percentile(lat, 99)) };
}

async function main() {
  console.log(`scale=${scale} (${SCALES[scale].problems} problems, ${SCALES[scale].labs} labs) store=${args.store} queries=${N}`);
  let store: Store;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (args.store === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cxy-search-bench-'));
    store = await openPglite(path.join(dir, 'pglite'));
    env = { DATA_DIR: dir, DATABASE_URL: '' };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `cxy_sbench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    store = openPostgres(url.toString());
    env = { DATABASE_URL: url.toString() };
    cleanup = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  try {
    const loaded = await load(store);
    const problemIds = (await store.db.selectFrom('problems').select('id').limit(N).execute()).map((r) => r.id);
    await store.close();
    console.log(`loaded into the database in ${ms(loaded.loadMs / 1000)} s`);

    const { child, healthyMs } = await startServer(env);
    const rss = childRssMb(child.pid!);
    const base = `http://127.0.0.1:${PORT}/api/v1`;
    const qs = userQueries(N);
    const enc = encodeURIComponent;
    const rows = {
      'search problems': await timed(qs.map((q) => `${base}/search?index=problems&q=${enc(q)}&highlight=false`)),
      'search labs': await timed(qs.map((q) => `${base}/search?index=labs&q=${enc(q)}&highlight=false`)),
      'search + filters + sort': await timed(qs.map((q, i) => `${base}/search?index=problems&q=${enc(q)}&domains=${['advanced_manufacturing', 'electronic_info', 'new_materials'][i % 3]}&budgetMin=50&sort=-postedAt`)),
      'search + highlight': await timed(qs.map((q) => `${base}/search?index=labs&q=${enc(q)}`)),
      'match problem → labs': await timed(problemIds.map((id) => `${base}/problems/${id}/matches?limit=10`)),
    };
    const rssAfter = childRssMb(child.pid!);
    child.kill('SIGTERM');
    console.log(`start to healthy (migrate + rebuild index from the database): ${ms(healthyMs / 1000)} s; server RSS ${rss} MB after start, ${rssAfter} MB after queries`);
    console.table(rows);
    console.log(`targets (${scale}): search p95 ≤ ${TARGETS.search} ms, match p95 ≤ ${TARGETS.match} ms`);

    // The limit: the same queries against an in-process engine, no HTTP, no database.
    const direct = createEmbeddedEngine();
    const reopened = args.store === 'pglite' ? await openPglite(path.join(env.DATA_DIR!, 'pglite')) : openPostgres(env.DATABASE_URL!);
    const t0 = performance.now();
    const docs: Record<'problems' | 'labs', SearchDocument[]> = { problems: [], labs: [] };
    for (const [index, fetchDocs] of [['problems', problemDocuments], ['labs', labDocuments]] as const) {
      for (let after: string | undefined; ; ) {
        const page = await fetchDocs(reopened.db, undefined, { afterId: after, limit: 5000 });
        if (!page.length) break;
        docs[index].push(...page);
        after = page.at(-1)!.id;
      }
      await direct.replaceAll(index, docs[index]);
    }
    await reopened.close();
    console.log(`direct engine build from the database: ${ms((performance.now() - t0) / 1000)} s`);
    const lat: number[] = [];
    for (const q of qs) {
      const s = performance.now();
      await direct.search('problems', { q, limit: 20, offset: 0, facets: ['domains', 'stage'] });
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    console.log(`direct engine search problems (with facets): p50 ${ms(percentile(lat, 50))} ms, p95 ${ms(percentile(lat, 95))} ms, p99 ${ms(percentile(lat, 99))} ms`);
  } finally {
    await cleanup();
  }
}

await main();
