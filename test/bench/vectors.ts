/**
 * One semantic scan as the embedded engine does it: the cosine of a Float32 unit query against
 * 150,000 int8 document vectors of 1,536 dimensions (random), each kept as its own object over one
 * contiguous buffer (as a loaded snapshot holds them). Prints ms per scan (median of runs).
 *
 *   npx tsx test/bench/vectors.ts [docs] [dims] [runs]
 */
import { cosine, type QuantVector } from '../../src/search/embedded/vectors.js';
import { rng } from './corpus.js';

const docs = Number(process.argv[2] ?? 150_000);
const dims = Number(process.argv[3] ?? 1536);
const runs = Number(process.argv[4] ?? 9);
const rand = rng(7);
const q = new Int8Array(docs * dims);
for (let i = 0; i < q.length; i++) q[i] = Math.round(rand() * 254 - 127);
const scales = new Float32Array(docs).fill(1 / (127 * Math.sqrt(dims)));
const vectors: QuantVector[] = [];
for (let d = 0; d < docs; d++) vectors.push({ q: q.subarray(d * dims, (d + 1) * dims), scale: scales[d]! });
const unit = new Float32Array(dims).map(() => rand() - 0.5);

const times: number[] = [];
let sink = 0;
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  for (let d = 0; d < docs; d++) sink += cosine(vectors[d]!, unit);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(
  `vectors: ${docs} × ${dims} int8, one scan: median ${times[runs >> 1]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}) [${sink > 0 ? '+' : '-'}]`,
);
