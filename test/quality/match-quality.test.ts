/**
 * Match quality on the labelled set (test/quality/data): problems and labs are loaded through the
 * API, indexed, and GET /problems/{id}/matches is scored with nDCG@10 and MRR beside the best of
 * several plain BM25 variants over the same texts, computed in the same run. The set is split by a
 * seed into a tuning half (weights were tuned on it) and a held-out half (never tuned on); both are
 * reported. The floors below are what matching reaches now, less a small margin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { engineMode } from '../support/engine.js';
import { bm25Baselines } from './bm25.js';
import { type Evaluation, evaluate, PROBLEM_KINDS, type Run } from './metrics.js';
import { type Lab, loadLabs, loadProblems } from './set.js';
import { SPLIT_SEED, splitHalves } from './split.js';

/** Per half: nDCG@10 and MRR floors, and the least margin in nDCG@10 over the best plain BM25. */
const FLOOR = {
  tuning: { ndcg10: 0.91, mrr: 0.97, margin: 0.02 },
  heldOut: { ndcg10: 0.9, mrr: 0.93, margin: 0.025 },
};

const labs = loadLabs();
const problems = loadProblems();

let t: TestApp;
const labKeyById = new Map<string, string>();
const problemIdByKey = new Map<string, string>();

beforeAll(async () => {
  t = await testApp();
  const post = async (path: string, body: unknown) => {
    const r = await t.call('POST', path, { body });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  const universities = new Map<string, string>();
  for (const lab of labs) {
    if (!universities.has(lab.universityName))
      universities.set(
        lab.universityName,
        await post('/api/v1/universities', { name: lab.universityName, kind: lab.universityKind, city: lab.city }),
      );
    const { key, universityName, universityKind: _k, city: _c, ...fields } = lab as Lab & Record<string, unknown>;
    labKeyById.set(await post('/api/v1/labs', { ...fields, universityId: universities.get(universityName) }), key);
  }
  const enterpriseId = await post('/api/v1/enterprises', { name: '评测用企业' });
  for (const p of problems) {
    problemIdByKey.set(
      p.key,
      await post('/api/v1/problems', {
        enterpriseId,
        title: p.title,
        description: p.description,
        domains: p.domains,
        keywords: p.keywords,
        ...(p.budgetWan ? { budgetWan: p.budgetWan } : {}),
      }),
    );
  }
  await t.deps.search.indexer.drain();
}, 180_000);
afterAll(() => t.close());

describe('match quality on the labelled set', () => {
  const results = new Map<string, { ranked: string[]; confidence: string; top: string | undefined }>();

  beforeAll(async () => {
    for (const p of problems) {
      const r = await t.call('GET', `/api/v1/problems/${problemIdByKey.get(p.key)}/matches?limit=10`);
      expect(r.status).toBe(200);
      results.set(p.key, {
        ranked: r.body.items.map((i: { lab: { id: string } }) => labKeyById.get(i.lab.id)!),
        confidence: r.body.summary.confidence,
        top: r.body.items[0]?.confidence,
      });
    }
  }, 120_000);

  it.each([
    ['tuning', 'tuning'],
    ['held-out', 'heldOut'],
  ] as const)('on the %s half: beats the best plain BM25 and stays above the floor (nDCG@10, MRR)', (label, half) => {
    const subset = splitHalves(problems)[half];
    const ours = evaluate(
      subset.map((p) => ({ problemKey: p.key, ranked: results.get(p.key)!.ranked })),
      subset,
    );
    const baselines = bm25Baselines(labs).map(({ name, rank }) => ({
      name,
      result: evaluate(
        subset.map((p): Run => ({ problemKey: p.key, ranked: rank(p).slice(0, 10) })),
        subset,
      ),
    }));
    const best = baselines.reduce((a, b) => (b.result.ndcg10 > a.result.ndcg10 ? b : a));
    const pick = (e: Evaluation, kind: string) => (kind === 'all' ? e : e.perKind[kind as keyof Evaluation['perKind']]);
    const kinds = ['all', ...PROBLEM_KINDS.filter((k) => ours.perKind[k])];
    console.log(
      `match quality on the ${engineMode} engine (MEILI_URL selects Meilisearch), ${label} half (seed ${SPLIT_SEED}), ` +
        `${ours.n} judged problems; plain BM25 variants: ` +
        baselines.map((b) => `${b.name} ${b.result.ndcg10.toFixed(3)}`).join(', ') +
        `; best: ${best.name}; margin ${(ours.ndcg10 - best.result.ndcg10).toFixed(3)}`,
    );
    console.table(
      kinds.map((kind) => {
        const o = pick(ours, kind)!;
        const b = pick(best.result, kind)!;
        return {
          kind,
          n: o.n,
          'nDCG@10': o.ndcg10.toFixed(3),
          'best BM25 nDCG@10': b.ndcg10.toFixed(3),
          margin: (o.ndcg10 - b.ndcg10).toFixed(3),
          MRR: o.mrr.toFixed(3),
          'best BM25 MRR': b.mrr.toFixed(3),
        };
      }),
    );
    expect(ours.ndcg10).toBeGreaterThanOrEqual(FLOOR[half].ndcg10);
    expect(ours.mrr).toBeGreaterThanOrEqual(FLOOR[half].mrr);
    expect(ours.ndcg10 - best.result.ndcg10).toBeGreaterThanOrEqual(FLOOR[half].margin);
  });

  it('says so when no lab fits, and rarely says so when one does', () => {
    const noMatch = problems.filter((p) => p.kind === 'no_match');
    const judged = problems.filter((p) => p.kind !== 'no_match');
    const saidNone = noMatch.filter((p) => ['low', 'none'].includes(results.get(p.key)!.confidence));
    const wronglyNone = judged.filter((p) => ['low', 'none'].includes(results.get(p.key)!.confidence));
    const topIsRelevant = judged.filter((p) => (p.judgments[results.get(p.key)!.ranked[0] ?? ''] ?? 0) >= 2);
    console.log(
      `no-match problems answered "none found": ${saidNone.length}/${noMatch.length}; judged problems answered "none found": ${wronglyNone.length}/${judged.length}; top-1 relevant (grade ≥ 2): ${topIsRelevant.length}/${judged.length}`,
    );
    expect(saidNone.length / noMatch.length).toBeGreaterThanOrEqual(0.75);
    expect(wronglyNone.length / judged.length).toBeLessThanOrEqual(0.15);
  });
});
