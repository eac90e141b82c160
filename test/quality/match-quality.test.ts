/**
 * Match quality on the labelled set (test/quality/data): problems and labs are loaded through the
 * API, indexed, and GET /problems/{id}/matches is scored with nDCG@10 and MRR beside a plain BM25
 * over the same texts, computed in the same run. The floors below are what matching reaches now,
 * less a small margin: a change that loses quality fails here.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { engineMode } from '../support/engine.js';
import { bm25Index, type LabText } from './bm25.js';
import { evaluate, type JudgedProblem, PROBLEM_KINDS, type Run } from './metrics.js';

const FLOOR = { ndcg10: 0.89, mrr: 0.94 };

type Lab = LabText & { key: string; universityName: string; universityKind: 'university' | 'institute'; city: string };
type Problem = JudgedProblem & {
  title: string;
  description: string;
  domains: string[];
  keywords: string[];
  budgetWan?: number;
};
const load = <T>(f: string): T[] => JSON.parse(readFileSync(new URL(`./data/${f}`, import.meta.url), 'utf8')) as T[];
const labs = load<Lab>('labs.json');
const problems = load<Problem>('problems.json');

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

  it('beats plain BM25 and stays above the floor (nDCG@10, MRR)', () => {
    const runs: Run[] = problems.map((p) => ({ problemKey: p.key, ranked: results.get(p.key)!.ranked }));
    const ours = evaluate(runs, problems);
    const bm25 = bm25Index(labs);
    const baseline = evaluate(
      problems.map((p) => ({ problemKey: p.key, ranked: bm25(p).slice(0, 10) })),
      problems,
    );
    const rows = [
      ['all', ours, baseline] as const,
      ...PROBLEM_KINDS.filter((k) => ours.perKind[k]).map((k) => [k, ours.perKind[k]!, baseline.perKind[k]!] as const),
    ];
    console.log(`match quality on the ${engineMode} engine (MEILI_URL selects Meilisearch)`);
    console.table(
      rows.map(([kind, o, b]) => ({
        kind,
        n: o.n,
        'nDCG@10': o.ndcg10.toFixed(3),
        'BM25 nDCG@10': b.ndcg10.toFixed(3),
        MRR: o.mrr.toFixed(3),
        'BM25 MRR': b.mrr.toFixed(3),
      })),
    );
    expect(ours.ndcg10).toBeGreaterThanOrEqual(FLOOR.ndcg10);
    expect(ours.mrr).toBeGreaterThanOrEqual(FLOOR.mrr);
    expect(ours.ndcg10).toBeGreaterThanOrEqual(baseline.ndcg10);
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
