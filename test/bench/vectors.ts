/**
 * One semantic scan as the embedded engine does it: the cosine of a Float32 unit query against
 * 150,000 int8 document vectors of 1,536 dimensions (random). Two ways, both printed as ms per scan
 * (median of runs): the arena's SIMD kernel over one contiguous memory (what the engine runs), and
 * the unrolled JavaScript loop over one object per document (what it ran before, for comparison).
 *
 *   npx tsx test/bench/vectors.ts [docs] [dims] [runs]
 */
import { VectorArena } from '../../src/search/embedded/arena.js';
import { cosine, type QuantVector } from '../../src/search/embedded/vectors.js';
import { rng } from './corpus.js';

const docs = Number(process.argv[2] ?? 150_000);
const dims = Number(process.argv[3] ?? 1536);
const runs = Number(process.argv[4] ?? 9);
const rand = rng(7);
const q = new Int8Array(docs * dims);
for (let i = 0; i < q.length; i++) q[i] = Math.round(rand() * 254 - 127);
const scale = 1 / (127 * Math.sqrt(dims));
const unit = new Float32Array(dims).map(() => rand() - 0.5);

function median(scan: () => number): string {
  const times: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    sink += scan();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return `median ${times[runs >> 1]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}) [${sink > 0 ? '+' : '-'}]`;
}

const arena = new VectorArena();
arena.reserve(docs, dims);
for (let d = 0; d < docs; d++) arena.setRow(d, q.subarray(d * dims, (d + 1) * dims), scale);
console.log(
  `vectors: ${docs} × ${dims} int8, one scan, arena (SIMD kernel + cosines read): ${median(() => {
    arena.prepare(unit, docs);
    let s = 0;
    for (let d = 0; d < docs; d++) s += arena.cosineAt(d)!;
    return s;
  })}`,
);

const vectors: QuantVector[] = [];
for (let d = 0; d < docs; d++) vectors.push({ q: q.subarray(d * dims, (d + 1) * dims), scale });
console.log(
  `vectors: ${docs} × ${dims} int8, one scan, JavaScript loop over one object per document: ${median(() => {
    let s = 0;
    for (let d = 0; d < docs; d++) s += cosine(vectors[d]!, unit);
    return s;
  })}`,
);
