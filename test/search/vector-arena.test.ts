/**
 * The vector arena of the embedded engine: the SIMD kernel and its JavaScript fallback give the same
 * dot products; the arena's cosines are the int8 cosines of vectors.ts (same order of neighbours);
 * and each document keeps its own vector through upserts, removes, a merge and a snapshot round trip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VectorArena } from '../../src/search/embedded/arena.js';
import { EmbeddedSearchEngine } from '../../src/search/embedded/engine.js';
import { simdAvailable } from '../../src/search/embedded/simd.js';
import { unitVector } from '../../src/search/embedded/store.js';
import { cosine, quantise } from '../../src/search/embedded/vectors.js';
import type { SearchDocument } from '../../src/search/port.js';
import { openSnapshotFile, writeSnapshotFile } from '../../src/search/snapshot-file.js';
import { rng } from '../bench/corpus.js';
import { charVector } from '../support/embeddings-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cxy-arena-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const r = rng(5);
const gauss = () => Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
const dense = (dims: number) => Array.from({ length: dims }, gauss);
const texts = Array.from({ length: 400 }, (_, i) => `锂离子电池热失控预警${i % 7}机器视觉缺陷检测${i % 13}注塑${i}`);

/** The arena's cosine of every row with `query` against the int8 cosine of vectors.ts. */
function compare(vectors: number[][], query: number[], forceJs: boolean) {
  const arena = new VectorArena(forceJs);
  vectors.forEach((v, d) => arena.set(d, v));
  const unit = unitVector(query)!;
  expect(arena.prepare(unit, vectors.length)).toBe(true);
  const got = vectors.map((_, d) => arena.cosineAt(d)!);
  const want = vectors.map((v) => cosine(quantise(v)!, unit));
  return { got, want, maxError: Math.max(...got.map((c, i) => Math.abs(c - want[i]!))) };
}

describe('vector arena', () => {
  it('runs the SIMD kernel on this runtime', () => expect(simdAvailable).toBe(true));

  it.each([
    ['dense, 1,536 dimensions', Array.from({ length: 300 }, () => dense(1536)), dense(1536)],
    ['dense, 100 dimensions (rows padded to 112)', Array.from({ length: 300 }, () => dense(100)), dense(100)],
    ['the test server’s bag of characters', texts.map((t) => charVector(t, 1536)), charVector(`${texts[3]}工艺`, 1536)],
  ])('%s: SIMD and JavaScript agree exactly; cosines as vectors.ts, same nearest ten', (_, vectors, query) => {
    const simd = compare(vectors, query, false);
    const js = compare(vectors, query, true);
    expect(simd.got).toEqual(js.got);
    expect(simd.maxError).toBeLessThan(1e-4);
    const top = (xs: number[]) =>
      xs
        .map((c, i) => [i, c] as const)
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, 10);
    // Same ten, in the same order except where the int8 cosines themselves are within the kernel's error.
    const a = top(simd.got);
    const b = top(simd.want);
    expect(new Set(a.map(([i]) => i))).toEqual(new Set(b.map(([i]) => i)));
    a.forEach(([i], k) => i !== b[k]![0] && expect(Math.abs(simd.want[i]! - b[k]![1])).toBeLessThan(2e-4));
  });

  it('a query of another length, or a document of another length, is not scored', () => {
    const arena = new VectorArena();
    arena.set(0, [1, 0, 0]);
    arena.set(1, [1, 0]);
    expect(arena.has(1)).toBe(false);
    expect(arena.prepare(unitVector([1, 0])!, 2)).toBe(false);
    expect(arena.prepare(unitVector([1, 1, 0])!, 2)).toBe(true);
    expect(arena.cosineAt(0)).toBeCloseTo(Math.SQRT1_2, 4);
    expect(arena.cosineAt(1)).toBeUndefined();
  });
});

describe('vectors follow their documents', () => {
  const vectorOf = (id: string, round: number) => charVector(`${id}·${round}·机器视觉`, 64);
  const doc = (i: number): SearchDocument => ({ id: `lab-${i}`, name: `实验室${i}`, summary: '机器视觉', domains: [] });

  /** Every live document's semanticScore for a query, against the cosine of the vector it should hold. */
  async function check(engine: EmbeddedSearchEngine, expected: Map<string, number[] | null>) {
    const query = charVector('机器视觉检测', 64);
    const unit = unitVector(query)!;
    const res = await engine.search('labs', { q: '', limit: 10_000, offset: 0, vector: query, semanticRatio: 0.5 });
    expect(res.hits.length).toBe(expected.size);
    for (const h of res.hits) {
      const v = expected.get(h.id);
      if (v === null) expect(h.semanticScore).toBeUndefined();
      else expect(Math.abs(h.semanticScore! - cosine(quantise(v)!, unit))).toBeLessThan(1e-4);
    }
    return res;
  }

  it('through upserts, removes, a merge that renumbers them and a snapshot round trip', async () => {
    const engine = new EmbeddedSearchEngine();
    const expected = new Map<string, number[] | null>();
    const docs = Array.from({ length: 3000 }, (_, i) => doc(i));
    const initial = new Map(docs.map((d) => [d.id, vectorOf(d.id, 0)]));
    initial.forEach((v, id) => expected.set(id, v));
    await engine.replaceAll('labs', [{ docs, vectors: initial }]);
    await check(engine, expected);

    // New vectors for some (their documents get new numbers), some documents gone, then enough gone to merge.
    const changed = docs.filter((_, i) => i % 7 === 0).map((d) => ({ ...d, summary: '机器视觉 更新' }));
    const fresh = new Map(changed.map((d) => [d.id, vectorOf(d.id, 1)]));
    await engine.upsert('labs', changed, fresh);
    fresh.forEach((v, id) => expected.set(id, v));
    // Some without a vector (embedding pending): they keep none, and their rows are gaps in the snapshot.
    const pending = docs.filter((_, i) => i % 11 === 5).map((d) => ({ ...d, summary: '机器视觉 待嵌入' }));
    await engine.upsert('labs', pending);
    pending.forEach((d) => expected.set(d.id, null));
    const gone = docs.filter((_, i) => i % 3 === 1).map((d) => d.id);
    await engine.remove('labs', gone.slice(0, 500));
    gone.slice(0, 500).forEach((id) => expected.delete(id));
    await check(engine, expected);
    await engine.remove('labs', gone.slice(500)); // > 1,000 dead: merged, survivors renumbered
    gone.slice(500).forEach((id) => expected.delete(id));
    const before = await check(engine, expected);

    const file = path.join(dir, 'arena.snapshot');
    await engine.snapshot(async (sections) => {
      const tmp = await writeSnapshotFile(file, {}, sections);
      const { rename } = await import('node:fs/promises');
      await rename(tmp, file);
    });
    const loaded = new EmbeddedSearchEngine();
    await loaded.restore(await openSnapshotFile(file));
    expect(await check(loaded, expected)).toEqual(before);
  });
});
