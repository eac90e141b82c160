/**
 * What a merge of the embedded index costs at a scale, and what it would cost to re-analyze every
 * live document in it (so that impacts use the current average field lengths, as a fresh build's
 * do): one store loaded, 2 % of its documents edited, then the merge as it is (fold of the
 * postings) against a fresh load of the live documents (the least a re-analyzing merge would do).
 *   npx tsx test/bench/merge.ts [district|provincial] [problems|labs]
 */
import { loadDefinitions } from '../../src/search/definitions.js';
import { IndexStore } from '../../src/search/embedded/store.js';
import { onePage, type IndexName } from '../../src/search/port.js';
import { Analyzer } from '../../src/search/text/analyzer.js';
import { generate, SCALES, type ScaleName } from './corpus.js';

const scale = (process.argv[2] ?? 'district') as ScaleName;
const index = (process.argv[3] ?? 'labs') as IndexName;
if (!(scale in SCALES)) throw new Error(`scale must be one of ${Object.keys(SCALES).join(', ')}`);
const defs = loadDefinitions();
const analyzer = new Analyzer([...defs.dictionary, ...defs.synonymGroups.flat()]);
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
const docs = generate(scale)[index];
/** Wall and CPU milliseconds since `t` and `c` (CPU shows the cost when other processes share the cores). */
const since = (t: number, c: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(c);
  return `${(performance.now() - t).toFixed(0)} ms wall, ${((u.user + u.system) / 1000).toFixed(0)} ms CPU`;
};

const store = new IndexStore(defs.indexes[index], analyzer);
let t = performance.now();
let c = process.cpuUsage();
await store.load(onePage(docs), pause);
console.log(`${scale} ${index}: ${docs.length} documents loaded in ${since(t, c)}`);

const edits = Math.round(docs.length * 0.02);
t = performance.now();
c = process.cpuUsage();
for (let i = 0; i < edits; i++) {
  const doc = docs[(i * 7919) % docs.length]!;
  store.upsert([{ ...doc, summary: `${String(doc.summary ?? '')}（已更新 ${i}）` }]);
}
console.log(`${edits} edits upserted in ${since(t, c)} (delta ${store.postings.deltaCount} postings)`);

t = performance.now();
c = process.cpuUsage();
store.merge();
console.log(`merge as it is (fold of the postings, no analysis): ${since(t, c)}`);

const live = store.docs.filter((d) => d !== null);
const fresh = new IndexStore(defs.indexes[index], analyzer);
t = performance.now();
c = process.cpuUsage();
await fresh.load(onePage(live), async () => {});
console.log(`re-analysis of the ${live.length} live documents (fresh load, no pauses): ${since(t, c)}`);
