/**
 * The embedded engine keeps document vectors as int8 with a scale each. Its ranking impact,
 * measured: cosines against the exact Float32 ones, and the order of the nearest neighbours, on
 * dense random vectors (1,536 dimensions, like a real model) and on the test server's sparse
 * bag-of-characters vectors.
 */
import { describe, expect, it } from 'vitest';
import { unitVector } from '../../src/search/embedded/store.js';
import { cosine, quantise } from '../../src/search/embedded/vectors.js';
import { rng } from '../bench/corpus.js';
import { charVector } from '../support/embeddings-server.js';

function exact(a: Float32Array, b: Float32Array) {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/**
 * Largest cosine error; share of the exact nearest ten found by the int8 ranking; largest exact
 * cosine gap between two documents the int8 ranking puts in the other order (only near-ties swap).
 */
function compare(docs: number[][], queries: number[][]) {
  const q8 = docs.map((d) => quantise(d)!);
  const f32 = docs.map((d) => unitVector(d)!);
  let maxError = 0;
  let found = 0;
  let maxSwapGap = 0;
  for (const query of queries) {
    const u = unitVector(query)!;
    const a = f32.map((d) => exact(d, u));
    const b = q8.map((d) => cosine(d, u));
    a.forEach((c, i) => (maxError = Math.max(maxError, Math.abs(c - b[i]!))));
    const top = (xs: number[]) =>
      xs
        .map((c, i) => [i, c] as const)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 10)
        .map(([i]) => i);
    const ta = top(a);
    const tb = top(b);
    found += tb.filter((i) => ta.includes(i)).length;
    for (let i = 0; i < tb.length; i++)
      for (let j = i + 1; j < tb.length; j++)
        if (a[tb[i]!]! < a[tb[j]!]!) maxSwapGap = Math.max(maxSwapGap, a[tb[j]!]! - a[tb[i]!]!);
  }
  return { maxError, recall: found / (10 * queries.length), maxSwapGap };
}

describe('int8 document vectors', () => {
  it('dense 1,536-dimension vectors: cosine within 0.01; the nearest ten found, only near-ties swapped', () => {
    const r = rng(11);
    const gauss = () => Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
    const topic = Array.from({ length: 20 }, () => Array.from({ length: 1536 }, gauss));
    // Documents near one of 20 topics, as real embeddings cluster.
    const near = () => {
      const t = topic[Math.floor(r() * topic.length)]!;
      return t.map((x) => x + 1.5 * gauss());
    };
    const docs = Array.from({ length: 2000 }, near);
    const { maxError, recall, maxSwapGap } = compare(docs, Array.from({ length: 50 }, near));
    console.log(
      `dense: max cosine error ${maxError.toFixed(5)}, top-10 recall ${recall.toFixed(3)}, largest swapped gap ${maxSwapGap.toFixed(5)}`,
    );
    expect(maxError).toBeLessThan(0.01);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(maxSwapGap).toBeLessThan(2 * maxError);
  });

  it('the test server’s bag-of-characters vectors: cosine within 0.01; the nearest ten found, only near-ties swapped', () => {
    const texts = Array.from(
      { length: 500 },
      (_, i) => `锂离子电池热失控预警${i % 7}机器视觉缺陷检测${i % 13}注塑${i}`,
    );
    const docs = texts.map((t) => charVector(t, 256));
    const { maxError, recall, maxSwapGap } = compare(
      docs,
      texts.slice(0, 20).map((t) => charVector(`${t}工艺`, 256)),
    );
    console.log(
      `bag of characters: max cosine error ${maxError.toFixed(5)}, top-10 recall ${recall.toFixed(3)}, largest swapped gap ${maxSwapGap.toFixed(5)}`,
    );
    expect(maxError).toBeLessThan(0.01);
    // Near-duplicate texts: many cosines within 0.01 of each other, so the tail of the ten trades places.
    expect(recall).toBeGreaterThanOrEqual(0.85);
    expect(maxSwapGap).toBeLessThan(2 * maxError);
  });

  it('an empty, zero or non-finite vector is no vector', () => {
    expect(quantise([])).toBeNull();
    expect(quantise([0, 0, 0])).toBeNull();
    expect(quantise([1, Number.NaN])).toBeNull();
    expect(cosine(quantise([3, 4])!, unitVector([3, 4])!)).toBeCloseTo(1, 2);
  });
});
