/** Metric functions on hand-computed cases, the evaluation set's integrity, and the BM25 baseline's figures. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DOMAIN_CODES } from '../../src/domain/taxonomy.js';
import { bm25Index, bm25Rank, tokenize } from './bm25.js';
import { SPLIT_SEED, splitHalves } from './split.js';
import { dcgAt, evaluate, type JudgedProblem, meanOf, ndcgAt, PROBLEM_KINDS, reciprocalRank } from './metrics.js';

const close = (x: number) => expect.closeTo(x, 6);

describe('dcgAt', () => {
  it('sums (2^g − 1) / log2(i + 2) over the first k grades', () => {
    // 7/1 + 3/log2(3) + 0 + 1/log2(5) = 7 + 1.8927893 + 0.4306766
    expect(dcgAt([3, 2, 0, 1], 4)).toEqual(close(9.3234659));
    expect(dcgAt([3, 2, 0, 1], 1)).toBe(7);
    expect(dcgAt([], 10)).toBe(0);
  });
});

describe('ndcgAt', () => {
  const judgments = { a: 3, b: 2, c: 1 };

  it('is 1 for the ideal order, whatever follows the judged labs', () => {
    expect(ndcgAt(['a', 'b', 'c', 'x', 'y'], judgments)).toBe(1);
  });

  it('matches a hand-computed value for a swapped order', () => {
    // (1 + 7/log2 3) / (7 + 1/log2 3) = 5.4165083 / 7.6309298
    expect(ndcgAt(['b', 'a'], { a: 3, b: 1 })).toEqual(close(0.7098097));
  });

  it('counts a repeated lab once and ignores labs below the cut-off', () => {
    // dcg 7; ideal 7 + 7/log2 3 = 11.4165083
    expect(ndcgAt(['a', 'a'], { a: 3, b: 3 })).toEqual(close(0.6131472));
    expect(ndcgAt([...'0123456789'.split(''), 'a'], judgments)).toBe(0);
  });

  it('answers 0 with empty judgments or an empty ranking', () => {
    expect(ndcgAt(['a', 'b'], {})).toBe(0);
    expect(ndcgAt([], judgments)).toBe(0);
  });
});

describe('reciprocalRank', () => {
  it('is 1/3 when the first lab graded ≥ 2 is third', () => {
    expect(reciprocalRank(['x', 'c', 'b', 'a'], { a: 3, b: 2, c: 1 })).toEqual(close(1 / 3));
  });

  it('respects minGrade and answers 0 when nothing qualifies', () => {
    expect(reciprocalRank(['c', 'x'], { c: 1 })).toBe(0);
    expect(reciprocalRank(['c', 'x'], { c: 1 }, 1)).toBe(1);
    expect(reciprocalRank([], {})).toBe(0);
  });
});

describe('meanOf and evaluate', () => {
  it('averages, with 0 for nothing', () => {
    expect(meanOf([1, 2, 3])).toBe(2);
    expect(meanOf([])).toBe(0);
  });

  const problems: JudgedProblem[] = [
    { key: 'A', kind: 'plain', judgments: { l1: 3 } },
    { key: 'B', kind: 'typo', judgments: { l2: 2, l3: 1 } },
    { key: 'C', kind: 'no_match', judgments: {} },
  ];

  it('averages over judged problems, per kind, leaving no_match out and scoring a missing run as 0', () => {
    const result = evaluate(
      [
        { problemKey: 'A', ranked: ['x', 'l1'] },
        { problemKey: 'C', ranked: ['l1'] },
      ],
      problems,
    );
    // A: nDCG = (7/log2 3) / 7, RR = 1/2; B has no run: 0 and 0.
    expect(result.n).toBe(2);
    expect(result.ndcg10).toEqual(close(1 / Math.log2(3) / 2));
    expect(result.mrr).toEqual(close(0.25));
    expect(result.perKind).toEqual({
      plain: { ndcg10: close(1 / Math.log2(3)), mrr: 0.5, n: 1 },
      typo: { ndcg10: 0, mrr: 0, n: 1 },
    });
  });

  it('rejects a run for a problem it does not know', () => {
    expect(() => evaluate([{ problemKey: 'Z', ranked: [] }], problems)).toThrow(/unknown problem Z/);
  });
});

describe('bm25', () => {
  it('tokenises into lower-cased word segments without punctuation', () => {
    const tokens = tokenize('锂电池BMS，SOC 估算！');
    expect(tokens).toContain('bms');
    expect(tokens).toContain('soc');
    expect(tokens.some((t) => /[，！\s]/.test(t))).toBe(false);
  });

  it('ranks the lab sharing the rarer term first and omits labs scoring 0', () => {
    const lab = (key: string, summary: string) => ({
      key,
      name: key,
      keywords: [],
      summary,
      equipment: [],
      achievements: [],
    });
    const labs = [lab('a', '机器视觉 检测'), lab('b', '检测 检测 服务'), lab('c', '水稻 育种')];
    expect(bm25Rank(labs, { title: '机器视觉', description: '检测', keywords: [] })).toEqual(['a', 'b']);
  });
});

// ---- the evaluation set

const Domain = z.enum(DOMAIN_CODES);
const len = (min: number, max: number) =>
  z.string().refine((s) => s.length >= min && s.length <= max, `length ${min}–${max}`);
const Lab = z.strictObject({
  key: z.string().regex(/^L\d{2,3}$/),
  universityName: z.string().min(2),
  universityKind: z.enum(['university', 'institute']),
  city: z.string().min(2),
  name: z.string().min(4),
  domains: z.array(Domain).min(1).max(2),
  keywords: z.array(z.string().min(1).max(40)).min(4).max(8),
  summary: len(80, 200),
  equipment: z.array(z.string().min(1)).min(1),
  achievements: z.array(z.string().min(1)).min(1),
});
const Problem = z.strictObject({
  key: z.string().regex(/^P\d{2,3}$/),
  kind: z.enum(PROBLEM_KINDS),
  title: len(5, 100),
  description: len(100, 300),
  domains: z.array(Domain).min(1).max(5),
  keywords: z.array(z.string().min(1).max(40)).min(1),
  budgetWan: z.number().min(0).optional(),
  judgments: z.record(z.string(), z.union([z.literal(1), z.literal(2), z.literal(3)])),
});

const load = (file: string) => JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8')) as unknown;
const labs = z.array(Lab).min(90).max(150).parse(load('labs.json'));
const problems = z.array(Problem).min(80).max(150).parse(load('problems.json'));
const labByKey = new Map(labs.map((l) => [l.key, l]));

describe('evaluation set', () => {
  it('has unique keys and 8–10 universities, each with one kind and city', () => {
    expect(labByKey.size).toBe(labs.length);
    expect(new Set(problems.map((p) => p.key)).size).toBe(problems.length);
    const unis = new Map(labs.map((l) => [l.universityName, `${l.universityKind}/${l.city}`]));
    expect(unis.size).toBeGreaterThanOrEqual(8);
    expect(unis.size).toBeLessThanOrEqual(10);
    for (const l of labs) expect(`${l.universityKind}/${l.city}`).toBe(unis.get(l.universityName));
  });

  it('covers every domain code with labs', () => {
    expect(new Set(labs.flatMap((l) => l.domains))).toEqual(new Set(DOMAIN_CODES));
  });

  it.each(PROBLEM_KINDS)('has at least 6 problems of kind %s', (kind) => {
    expect(problems.filter((p) => p.kind === kind).length).toBeGreaterThanOrEqual(6);
  });

  it.each(problems.map((p) => [p.key, p] as const))('judges %s consistently', (_key, p) => {
    const judged = Object.entries(p.judgments);
    for (const [labKey] of judged) expect(labByKey.has(labKey), `${p.key} judges unknown lab ${labKey}`).toBe(true);
    if (p.kind === 'no_match') return expect(judged).toEqual([]);
    expect(judged.length).toBeGreaterThanOrEqual(1);
    expect(judged.length).toBeLessThanOrEqual(5);
    const good = judged.filter(([, g]) => g >= 2).map(([k]) => labByKey.get(k)!);
    expect(good.length).toBeGreaterThanOrEqual(1);
    // A mis-tagged problem shares no domain with its good labs; every other kind shares one with at least one.
    const shares = good.some((l) => l.domains.some((d) => p.domains.includes(d)));
    expect(shares).toBe(p.kind !== 'mistagged');
  });
});

describe('the seeded split', () => {
  it('puts every problem in exactly one half, every kind in both, and is the same for the same seed', () => {
    const { tuning, heldOut } = splitHalves(problems);
    expect([...tuning, ...heldOut].map((p) => p.key).sort()).toEqual(problems.map((p) => p.key).sort());
    expect(Math.abs(tuning.length - heldOut.length)).toBeLessThanOrEqual(1);
    for (const kind of PROBLEM_KINDS) {
      expect(tuning.some((p) => p.kind === kind)).toBe(true);
      expect(heldOut.some((p) => p.kind === kind)).toBe(true);
    }
    expect(splitHalves(problems, SPLIT_SEED).tuning.map((p) => p.key)).toEqual(tuning.map((p) => p.key));
    expect(splitHalves(problems, SPLIT_SEED + 1).tuning.map((p) => p.key)).not.toEqual(tuning.map((p) => p.key));
  });
});

describe('BM25 baseline over the set', () => {
  it('yields nDCG@10 and MRR between 0 and 1', () => {
    const rank = bm25Index(labs);
    const runs = problems.map((p) => ({ problemKey: p.key, ranked: rank(p) }));
    const result = evaluate(runs, problems);
    const noMatch = runs.filter((r) => problems.find((p) => p.key === r.problemKey)!.kind === 'no_match');
    const fmt = (x: number) => x.toFixed(3);
    console.log(
      [
        `BM25 baseline over ${result.n} judged problems: nDCG@10 ${fmt(result.ndcg10)}, MRR ${fmt(result.mrr)}`,
        ...Object.entries(result.perKind).map(
          ([k, s]) => `  ${k.padEnd(12)} n=${s.n}  nDCG@10 ${fmt(s.ndcg10)}  MRR ${fmt(s.mrr)}`,
        ),
        `  no_match: ${noMatch.filter((r) => r.ranked.length > 0).length}/${noMatch.length} problems still get candidates (mean ${meanOf(noMatch.map((r) => r.ranked.length)).toFixed(1)} labs each)`,
      ].join('\n'),
    );
    for (const x of [result.ndcg10, result.mrr, ...Object.values(result.perKind).flatMap((s) => [s.ndcg10, s.mrr])]) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThanOrEqual(1);
    }
  });
});
