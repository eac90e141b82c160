/**
 * Engine-level benchmark of the embedded search engine (no HTTP): build time, RSS, and search
 * latency percentiles at district or provincial scale.
 *   npx tsx test/bench/search-engine.ts [district|provincial]
 * (add `node --expose-gc --import tsx` instead of npx tsx for RSS measured after a full GC).
 */
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import { onePage, type IndexName, type SearchEngine, type SearchQuery } from '../../src/search/port.js';
import { generate, matchQuery, SCALES, userQueries, type ScaleName } from './corpus.js';
import { VOCABULARY } from './vocabulary.js';

const TARGETS = { district: { search: 10, match: 50 }, provincial: { search: 50, match: 150 } };

const scale = (process.argv[2] ?? 'district') as ScaleName;
if (!(scale in SCALES)) throw new Error(`scale must be one of ${Object.keys(SCALES).join(', ')}`);
const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = () => {
  gc?.();
  return Math.round(process.memoryUsage().rss / 1e6);
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

/** Wall-clock and CPU-time percentiles (CPU time shows the engine's own cost when other processes share the 2 cores). */
async function measure(engine: SearchEngine, label: string, index: IndexName, queries: SearchQuery[]): Promise<number> {
  for (const q of queries) await engine.search(index, q); // warm-up: JIT and caches
  const wall: number[] = [];
  const cpu: number[] = [];
  let total = 0;
  for (const q of queries) {
    const c = process.cpuUsage();
    const t = performance.now();
    const r = await engine.search(index, q);
    wall.push(performance.now() - t);
    const dc = process.cpuUsage(c);
    cpu.push((dc.user + dc.system) / 1000);
    total += r.total;
  }
  const f = (x: number) => x.toFixed(1).padStart(6);
  console.log(
    `${label.padEnd(46)} p50 ${f(pct(wall, 0.5))}  p95 ${f(pct(wall, 0.95))}  p99 ${f(pct(wall, 0.99))} ms  (CPU p50 ${f(pct(cpu, 0.5))}  p95 ${f(pct(cpu, 0.95))})  avg total ${Math.round(total / queries.length)}`,
  );
  return pct(wall, 0.95);
}

const baseRss = rssMb();
let t = performance.now();
const { problems, labs } = generate(scale);
console.log(
  `scale ${scale}: ${problems.length} problems, ${labs.length} labs generated in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);
const corpusRss = rssMb();

const engine = createEmbeddedEngine();
await engine.init();
const cpu0 = process.cpuUsage();
t = performance.now();
await engine.replaceAll('problems', onePage(problems));
const tp = performance.now() - t;
await engine.replaceAll('labs', onePage(labs));
const build = (performance.now() - t) / 1000;
const cpu = process.cpuUsage(cpu0);
const rss = rssMb();
console.log(
  `build ${build.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (problems ${(tp / 1000).toFixed(1)} s) · RSS ${rss} MB (process before corpus ${baseRss} MB, with corpus ${corpusRss} MB, index ≈ ${rss - corpusRss} MB)`,
);

const n = 300;
const texts = userQueries(n);
const domains = VOCABULARY.map((v) => v.code);
const pub = { field: 'visibility', op: 'in', values: ['public'] } as const;
const p95: Record<string, number> = {};
p95.plain = await measure(
  engine,
  "problems: 2–4 words ('all')",
  'problems',
  texts.map((q) => ({ q, limit: 20, offset: 0 })),
);
p95.filtered = await measure(
  engine,
  'problems: + filters (visibility, domain, budget)',
  'problems',
  texts.map((q, i) => ({
    q,
    limit: 20,
    offset: 0,
    filters: [
      pub,
      { field: 'domains', op: 'in', values: [domains[i % domains.length]!] },
      { field: 'budgetWan', op: 'range', gte: 10, lte: 300 },
    ],
  })),
);
p95.faceted = await measure(
  engine,
  'problems: + filters + facets + highlight',
  'problems',
  texts.map((q) => ({
    q,
    limit: 20,
    offset: 0,
    highlight: true,
    filters: [pub],
    facets: ['domains', 'stage'],
  })),
);
p95.sorted = await measure(
  engine,
  'problems: + sort by deadline',
  'problems',
  texts.map((q) => ({
    q,
    limit: 20,
    offset: 0,
    filters: [pub],
    sort: [{ field: 'deadline', direction: 'asc' }],
  })),
);
p95.labs = await measure(
  engine,
  'labs: 2–4 words + facets',
  'labs',
  texts.map((q) => ({ q, limit: 20, offset: 0, facets: ['domains', 'universityKind', 'city'] })),
);
p95.browse = await measure(
  engine,
  'problems: no text, filter + facets + sort',
  'problems',
  domains.flatMap((d) =>
    Array.from(
      { length: 10 },
      () =>
        ({
          limit: 20,
          offset: 0,
          filters: [pub, { field: 'domains', op: 'in', values: [d] }],
          facets: ['domains', 'stage'],
          sort: [{ field: 'postedAt', direction: 'desc' }],
        }) satisfies SearchQuery,
    ),
  ),
);
const matchQueries = problems.slice(0, 200).map(matchQuery);
console.log(
  `match queries: ${Math.round(matchQueries.reduce((a, q) => a + q.split(' ').length, 0) / matchQueries.length)} terms on average`,
);
p95.match = await measure(
  engine,
  "labs: match query ('any', ~10–20 terms)",
  'labs',
  matchQueries.map((q) => ({ q, limit: 50, offset: 0, matching: 'any' })),
);
p95.matchFacets = await measure(
  engine,
  'labs: match query + facets + filter',
  'labs',
  matchQueries.map((q) => ({
    q,
    limit: 50,
    offset: 0,
    matching: 'any',
    facets: ['domains'],
    filters: [{ field: 'universityKind', op: 'in', values: ['university'] }],
  })),
);

const target = TARGETS[scale];
const worstSearch = Math.max(p95.plain!, p95.filtered!, p95.faceted!, p95.sorted!, p95.labs!, p95.browse!);
const worstMatch = Math.max(p95.match!, p95.matchFacets!);
console.log(
  `\ntargets (${scale}): search p95 ≤ ${target.search} ms → ${worstSearch.toFixed(1)} ms ${worstSearch <= target.search ? 'ok' : 'MISSED'}; ` +
    `match-style p95 ≤ ${target.match} ms → ${worstMatch.toFixed(1)} ms ${worstMatch <= target.match ? 'ok' : 'MISSED'}` +
    (scale === 'provincial' ? `; RSS ≤ 2048 MB → ${rss} MB ${rss <= 2048 ? 'ok' : 'MISSED'}` : ''),
);
await engine.close();
