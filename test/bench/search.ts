/**
 * Search and matching over HTTP at district or provincial scale: generated Chinese problems and
 * labs are loaded into the database, the real server starts on them (the embedded engine rebuilds
 * its index from the database at the first start and writes a snapshot as soon as it is idle, while
 * searches are timed), and search and match latencies are measured over HTTP; the server is stopped
 * and started again (it loads the snapshot) and measured again; then the same queries run against
 * an in-process engine directly, which is the limit. `--embeddings N` serves N-dimension vectors
 * from the loopback test server (as the tests do) so RSS is measured with vectors.
 *
 *   npx tsx test/bench/search.ts [district|provincial] [--store pglite|postgres] [--queries 400] [--embeddings 256]
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import { problemDocuments, labDocuments } from '../../src/search/documents.js';
import { onePage, type SearchDocument } from '../../src/search/port.js';
import { generate, SCALES, userQueries, type ScaleName } from './corpus.js';
import { benchStore, childCpuS, childRssMb, loadCorpus, startServer } from './load.js';
import { percentile } from './stats.js';
import { startEmbeddingsServer } from '../support/embeddings-server.js';
import { SNAPSHOT_FILE } from '../../src/search/snapshots.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    store: { type: 'string', default: 'pglite' },
    queries: { type: 'string', default: '400' },
    embeddings: { type: 'string', default: '0' },
  },
});
const scale = (positionals[0] ?? 'district') as ScaleName;
if (!(scale in SCALES)) throw new Error(`scale: ${Object.keys(SCALES).join(' | ')}`);
const N = Number(args.queries);
const TARGETS = { district: { search: 10, match: 50 }, provincial: { search: 50, match: 150 } }[scale];
const ADMIN = `bench-${randomBytes(8).toString('hex')}`;
const PORT = 3800 + Math.floor(Math.random() * 90);
const ms = (x: number) => Math.round(x * 10) / 10;

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
  return {
    n: lat.length,
    errors,
    p50: ms(percentile(lat, 50)),
    p95: ms(percentile(lat, 95)),
    p99: ms(percentile(lat, 99)),
  };
}

const stopped = (child: ChildProcess) =>
  new Promise<number>((resolve) => {
    const t0 = performance.now();
    child.once('exit', () => resolve(performance.now() - t0));
    child.kill('SIGTERM');
  });

async function main() {
  console.log(
    `scale=${scale} (${SCALES[scale].problems} problems, ${SCALES[scale].labs} labs) store=${args.store} queries=${N}`,
  );
  const { store, env, reopen, cleanup } = await benchStore(args.store!, 'sbench');
  try {
    const loaded = await loadCorpus(store, generate(scale));
    const problemIds = loaded.problemIds.slice(0, N);
    await store.close();
    console.log(`loaded into the database in ${ms(loaded.loadMs / 1000)} s`);

    const dims = Number(args.embeddings);
    const vectors = dims > 0 ? await startEmbeddingsServer(dims) : undefined;
    const snapshotDir = mkdtempSync(path.join(os.tmpdir(), 'cxy-sbench-snap-'));
    const serverEnv = {
      ...env,
      SEARCH_SNAPSHOT_DIR: snapshotDir,
      RATE_LIMIT_MATCHES: 'off',
      ...(vectors
        ? { EMBEDDINGS_BASE_URL: vectors.url, EMBEDDINGS_MODEL: 'bench', EMBEDDINGS_DIMENSIONS: String(dims) }
        : {}),
    };
    const { child, healthyMs } = await startServer(serverEnv, { port: PORT, adminToken: ADMIN });
    const rss = childRssMb(child.pid!);
    const cpu = childCpuS(child.pid!);
    const base = `http://127.0.0.1:${PORT}/api/v1`;
    const qs = userQueries(N);
    const enc = encodeURIComponent;
    // The first idle moment after the build writes the snapshot: searches are timed meanwhile.
    const during: number[] = [];
    const snapFile = path.join(snapshotDir, SNAPSHOT_FILE);
    const writeStarted = performance.now();
    for (let i = 0; !existsSync(snapFile) && performance.now() - writeStarted < 600_000; i++) {
      const t0 = performance.now();
      await (
        await fetch(`${base}/search?index=problems&q=${enc(qs[i % qs.length]!)}&highlight=false`, {
          headers: { authorization: `Bearer ${ADMIN}` },
        })
      ).arrayBuffer();
      during.push(performance.now() - t0);
    }
    during.sort((a, b) => a - b);
    const snapshotMs = performance.now() - writeStarted;
    const rows = {
      'search problems': await timed(qs.map((q) => `${base}/search?index=problems&q=${enc(q)}&highlight=false`)),
      'search labs': await timed(qs.map((q) => `${base}/search?index=labs&q=${enc(q)}&highlight=false`)),
      'search + filters + sort': await timed(
        qs.map(
          (q, i) =>
            `${base}/search?index=problems&q=${enc(q)}&domains=${['advanced_manufacturing', 'electronic_info', 'new_materials'][i % 3]}&budgetMin=50&sort=-postedAt`,
        ),
      ),
      'search + highlight': await timed(qs.map((q) => `${base}/search?index=labs&q=${enc(q)}`)),
      'match problem → labs': await timed(problemIds.map((id) => `${base}/problems/${id}/matches?limit=10`)),
    };
    const rssAfter = childRssMb(child.pid!);
    const stopMs = await stopped(child);
    console.log(
      `start to healthy (migrate + rebuild index from the database${vectors ? `, ${dims}-dim vectors` : ''}): ${ms(healthyMs / 1000)} s (server CPU ${ms(cpu)} s); server RSS ${rss} MB after start, ${rssAfter} MB after queries`,
    );
    console.log(
      `snapshot written ${ms(snapshotMs / 1000)} s after healthy; ${during.length} searches meanwhile: p50 ${ms(percentile(during, 50))} ms, p99 ${ms(percentile(during, 99))} ms, max ${ms(during.at(-1) ?? NaN)} ms; stop took ${ms(stopMs / 1000)} s`,
    );
    console.table(rows);

    // Again, from the snapshot.
    const again = await startServer(serverEnv, { port: PORT, adminToken: ADMIN });
    const rssSnap = childRssMb(again.child.pid!);
    const cpuSnap = childCpuS(again.child.pid!);
    const rowsAgain = {
      'search problems': await timed(qs.map((q) => `${base}/search?index=problems&q=${enc(q)}&highlight=false`)),
      'match problem → labs': await timed(problemIds.map((id) => `${base}/problems/${id}/matches?limit=10`)),
    };
    const rssSnapAfter = childRssMb(again.child.pid!);
    await stopped(again.child);
    await vectors?.close();
    rmSync(snapshotDir, { recursive: true, force: true });
    console.log(
      `start to healthy from the snapshot (migrate + load + replay): ${ms(again.healthyMs / 1000)} s (server CPU ${ms(cpuSnap)} s); server RSS ${rssSnap} MB after start, ${rssSnapAfter} MB after queries`,
    );
    console.table(rowsAgain);
    console.log(`targets (${scale}): search p95 ≤ ${TARGETS.search} ms, match p95 ≤ ${TARGETS.match} ms`);

    // The limit: the same queries against an in-process engine, no HTTP, no database.
    const direct = createEmbeddedEngine();
    const reopened = await reopen();
    const t0 = performance.now();
    const docs: Record<'problems' | 'labs', SearchDocument[]> = { problems: [], labs: [] };
    for (const [index, fetchDocs] of [
      ['problems', problemDocuments],
      ['labs', labDocuments],
    ] as const) {
      for (let after: string | undefined; ;) {
        const page = await fetchDocs(reopened.db, undefined, { afterId: after, limit: 5000 });
        if (!page.length) break;
        docs[index].push(...page);
        after = page.at(-1)!.id;
      }
      await direct.replaceAll(index, onePage(docs[index]));
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
    console.log(
      `direct engine search problems (with facets): p50 ${ms(percentile(lat, 50))} ms, p95 ${ms(percentile(lat, 95))} ms, p99 ${ms(percentile(lat, 99))} ms`,
    );
  } finally {
    await cleanup();
  }
}

await main();
