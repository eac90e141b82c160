/**
 * The embedded engine's index snapshot at district or provincial scale, in process (no database):
 * build from streamed pages (optionally with dense N-dimension vectors, as a real embeddings model
 * gives), RSS, snapshot write time and file size, searches timed while the snapshot is written
 * (the write must not stall them), load time into a fresh engine, and the same answers after loading.
 *
 *   node --expose-gc --import tsx test/bench/snapshot.ts [district|provincial] [--embeddings 1536]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedSearchEngine } from '../../src/search/embedded/engine.js';
import type { IndexName, IndexPage, SearchDocument } from '../../src/search/port.js';
import { openSnapshotFile, writeSnapshotFile } from '../../src/search/snapshot-file.js';
import { generate, rng, SCALES, userQueries, type ScaleName } from './corpus.js';
import { percentile } from './stats.js';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { embeddings: { type: 'string', default: '0' } },
});
const scale = (positionals[0] ?? 'district') as ScaleName;
if (!(scale in SCALES)) throw new Error(`scale: ${Object.keys(SCALES).join(' | ')}`);
const dims = Number(args.embeddings);
const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = () => (gc?.(), Math.round(process.memoryUsage().rss / 1e6));
const s1 = (ms: number) => (ms / 1000).toFixed(1);
/** CPU seconds since `from` (the engine's own cost, whatever else loads the machine). */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return ((d.user + d.system) / 1e6).toFixed(1);
};

/** Dense vectors near one of 50 topics, made page by page so no full array of them is ever held. */
const r = rng(5);
const gauss = () => Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
const topics = dims ? Array.from({ length: 50 }, () => Array.from({ length: dims }, gauss)) : [];
const vectorOf = () => topics[Math.floor(r() * topics.length)]!.map((x) => x + gauss());
function* pages(docs: SearchDocument[]): Generator<IndexPage> {
  for (let i = 0; i < docs.length; i += 2000) {
    const page = docs.slice(i, i + 2000);
    yield dims ? { docs: page, vectors: new Map(page.map((d) => [d.id, vectorOf()])) } : { docs: page };
  }
}

const corpus = generate(scale);
const base = rssMb();
const engine = new EmbeddedSearchEngine();
let t = performance.now();
for (const index of ['problems', 'labs'] as IndexName[]) await engine.replaceAll(index, pages(corpus[index]));
console.log(
  `${scale}: ${corpus.problems.length} problems, ${corpus.labs.length} labs, vectors ${dims || 'none'}; build ${s1(performance.now() - t)} s; RSS ${rssMb()} MB (corpus generated: ${base} MB)`,
);

const queries = userQueries(200);
const probe = dims ? vectorOf() : undefined;
const ask = (e: EmbeddedSearchEngine, q: string) =>
  e.search('problems', {
    q,
    limit: 20,
    offset: 0,
    facets: ['domains'],
    ...(probe ? { vector: probe, semanticRatio: 0.3 } : {}),
  });

const dir = mkdtempSync(path.join(os.tmpdir(), 'cxy-snapbench-'));
const file = path.join(dir, 'search-embedded.snap');
try {
  // Searches keep coming while the snapshot is written: their latency shows any stall.
  const during: number[] = [];
  let writing = true;
  const searching = (async () => {
    for (let i = 0; writing; i++) {
      const t0 = performance.now();
      await ask(engine, queries[i % queries.length]!);
      during.push(performance.now() - t0);
      await new Promise((res) => setTimeout(res, 5));
    }
  })();
  t = performance.now();
  const tmp = await engine.snapshot((sections) => writeSnapshotFile(file, {}, sections));
  const writeMs = performance.now() - t;
  writing = false;
  await searching;
  during.sort((a, b) => a - b);
  const size = statSync(tmp).size;
  console.log(
    `snapshot written in ${s1(writeMs)} s, ${Math.round(size / 1e6)} MB; ${during.length} searches meanwhile: p50 ${percentile(during, 50).toFixed(1)} ms, p99 ${percentile(during, 99).toFixed(1)} ms, max ${during.at(-1)?.toFixed(1)} ms`,
  );
  const before = await Promise.all(queries.slice(0, 50).map((q) => ask(engine, q)));
  await engine.close();

  const fresh = new EmbeddedSearchEngine();
  t = performance.now();
  const loadCpu = process.cpuUsage();
  const reader = await openSnapshotFile(tmp);
  await fresh.restore(reader);
  await reader.close();
  const loadMs = performance.now() - t;
  const after = await Promise.all(queries.slice(0, 50).map((q) => ask(fresh, q)));
  console.log(
    `snapshot loaded in ${s1(loadMs)} s (CPU ${cpuSince(loadCpu)} s); RSS ${rssMb()} MB; answers after loading ${JSON.stringify(after) === JSON.stringify(before) ? 'identical' : 'DIFFERENT'}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
