/**
 * Would a learned re-ranking generalise? (`npx tsx test/quality/rerank-cv.ts`, TUNING half only.)
 * For each tuning problem the engine's candidates get a feature vector: the features rank.ts uses now
 * (engine text score, coverage, shared domains, shared keywords) and candidate ones issue 13 suggests
 * (the share of the query's weight found in each lab field — name, keywords, summary, equipment,
 * achievements —, the problem title's terms, coverage weighted by rarity among the candidates, character
 * bigrams with and without that rarity). Weights of a linear score are fitted by coordinate ascent on
 * nDCG@10 over a grid, on all 38 problems ("fit") and by 5-fold cross-validation within the tuning half
 * ("cv": fitted on four folds, scored on the fifth) beside rank.ts's own weights on the same folds
 * ("cvBase"). A feature set earns its place only if its cv beats cvBase. The held-out half is never read.
 */
import { DOMAIN_NAMES, type DomainCode } from '../../src/domain/taxonomy.js';
import { distinctiveWords } from '../../src/modules/matching/query.js';
import { WEIGHTS } from '../../src/modules/matching/rank.js';
import { matchCandidates, matchSource } from '../../src/modules/matching/service.js';
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import type { SearchDocument } from '../../src/search/port.js';
import { toSimplified } from '../../src/search/text/simplify.js';
import { ndcgAt } from './metrics.js';
import { loadLabs, loadProblems } from './set.js';
import { splitHalves } from './split.js';

const FEATURES = [
  'text',
  'coverage',
  'domains',
  'keywords',
  'name',
  'labKeywords',
  'summary',
  'equipment',
  'achievements',
  'titleTerms',
  'titleInNameOrKeywords',
  'rareCoverage',
  'nameOrKeywords',
  'bigrams',
  'rareBigrams',
] as const;
const SETS: Record<string, string[]> = {
  'rank.ts now': ['coverage', 'domains', 'keywords'],
  'lab fields': ['coverage', 'domains', 'keywords', 'name', 'labKeywords', 'summary', 'equipment', 'achievements'],
  'title terms': ['coverage', 'domains', 'keywords', 'titleTerms', 'titleInNameOrKeywords'],
  'rarity among candidates': ['coverage', 'domains', 'keywords', 'rareCoverage'],
  'character bigrams': ['coverage', 'domains', 'keywords', 'bigrams', 'rareBigrams'],
  all: FEATURES.filter((f) => f !== 'text'),
};
const GRID = [0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5];

type Row = { judgments: Record<string, number>; candidates: { id: string; f: number[] }[] };

const lower = (x: unknown) => (Array.isArray(x) ? x.join(' ') : String(x ?? '')).toLowerCase();
const rarity = (df: number, n: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
function bigramsOf(text: string): string[] {
  const out = new Set<string>();
  const t = toSimplified(text).toLowerCase();
  for (let i = 0; i + 1 < t.length; i++) if (/^[\u4e00-\u9fff]{2}$/.test(t.slice(i, i + 2))) out.add(t.slice(i, i + 2));
  return [...out];
}

async function featureRows(): Promise<Row[]> {
  const labs = loadLabs();
  const tuning = splitHalves(loadProblems()).tuning.filter((p) => p.kind !== 'no_match');
  const engine = createEmbeddedEngine();
  await engine.init();
  await engine.upsert(
    'labs',
    labs.map((l) => ({
      id: l.key,
      ...{ name: l.name, summary: l.summary, keywords: l.keywords, equipment: l.equipment },
      ...{ achievements: l.achievements, domains: l.domains, universityId: l.universityName },
      domainNames: l.domains.map((c) => DOMAIN_NAMES[c as DomainCode] ?? c),
      ...{ universityName: l.universityName, universityKind: l.universityKind, city: l.city, updatedAt: 0 },
    })),
  );
  const rows: Row[] = [];
  for (const p of tuning) {
    const doc = { id: p.key, title: p.title, description: p.description, keywords: p.keywords, domains: p.domains };
    const src = matchSource('problems', doc as SearchDocument);
    const title = distinctiveWords([{ text: toSimplified(p.title), weight: 1 }], src.keywords);
    const result = await engine.search('labs', { q: src.query.terms.join(' '), matching: 'any', limit: 60, offset: 0 });
    const candidates = matchCandidates('labs', result.hits);
    const { terms, weights } = src.query;
    const texts = candidates.map((c) => c.text.toLowerCase());
    const n = texts.length || 1;
    const termRarity = terms.map((t) => rarity(texts.filter((x) => x.includes(t)).length, n));
    const bigrams = bigramsOf(`${p.title} ${p.description} ${p.keywords.join(' ')}`);
    const bigramRarity = bigrams.map((b) => rarity(texts.filter((x) => x.includes(b)).length, n));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0) || 1;
    const share = (s: string, ts: string[], ws: number[]) =>
      ts.reduce((a, t, i) => a + (s.includes(t) ? ws[i]! : 0), 0) / sum(ws);
    const sourceDomains = new Set(p.domains);
    rows.push({
      judgments: p.judgments,
      candidates: candidates.map((c, i) => {
        const d = result.hits[i]!.document;
        const all = texts[i]!;
        const nameKw = `${lower(d.name)} ${lower(d.keywords)}`;
        const shared = c.domains.filter((x) => sourceDomains.has(x)).length;
        const f: Record<(typeof FEATURES)[number], number> = {
          text: c.textScore,
          coverage: share(all, terms, weights),
          domains: shared ? shared / Math.min(sourceDomains.size || 1, c.domains.length || 1) : 0,
          keywords: src.keywords.length
            ? src.keywords.filter((k) => all.includes(k.toLowerCase())).length / src.keywords.length
            : 0,
          name: share(lower(d.name), terms, weights),
          labKeywords: share(lower(d.keywords), terms, weights),
          summary: share(lower(d.summary), terms, weights),
          equipment: share(lower(d.equipment), terms, weights),
          achievements: share(lower(d.achievements), terms, weights),
          titleTerms: share(all, title.terms, title.weights),
          titleInNameOrKeywords: share(nameKw, title.terms, title.weights),
          rareCoverage: share(
            all,
            terms,
            weights.map((w, k) => w * termRarity[k]!),
          ),
          nameOrKeywords: share(nameKw, terms, weights),
          bigrams: bigrams.filter((b) => all.includes(b)).length / (bigrams.length || 1),
          rareBigrams: share(all, bigrams, bigramRarity),
        };
        return { id: c.id, f: FEATURES.map((k) => f[k]) };
      }),
    });
  }
  await engine.close();
  return rows;
}

function meanNdcg(w: number[], rows: Row[]): number {
  let total = 0;
  for (const r of rows) {
    const ranked = r.candidates
      .map((c) => ({ id: c.id, s: c.f.reduce((x, v, i) => x + v * w[i]!, 0) }))
      .sort((a, b) => b.s - a.s || a.id.localeCompare(b.id))
      .map((x) => x.id);
    total += ndcgAt(ranked, r.judgments);
  }
  return total / rows.length;
}

/** Coordinate ascent over GRID for the active features, from rank.ts's weights. */
function fit(rows: Row[], active: number[], start: number[]): number[] {
  let w = [...start];
  let best = meanNdcg(w, rows);
  for (let pass = 0; pass < 4; pass++) {
    let improved = false;
    for (const i of active)
      for (const g of GRID) {
        const t = [...w];
        t[i] = g;
        const s = meanNdcg(t, rows);
        if (s > best + 1e-9) [best, w, improved] = [s, t, true];
      }
    if (!improved) break;
  }
  return w;
}

const rows = await featureRows();
const now = WEIGHTS.text;
const base = FEATURES.map((f) =>
  f === 'text'
    ? now.textScore
    : f === 'coverage'
      ? now.coverage
      : f === 'domains'
        ? now.domains
        : f === 'keywords'
          ? now.keywords
          : 0,
);
console.log(`tuning half, ${rows.length} judged problems; rank.ts weights: nDCG@10 ${meanNdcg(base, rows).toFixed(4)}`);
for (const [name, features] of Object.entries(SETS)) {
  const active = features.map((f) => FEATURES.indexOf(f as (typeof FEATURES)[number]));
  const full = fit(rows, active, base);
  let cv = 0;
  let cvBase = 0;
  for (let k = 0; k < 5; k++) {
    const train = rows.filter((_, i) => i % 5 !== k);
    const test = rows.filter((_, i) => i % 5 === k);
    cv += meanNdcg(fit(train, active, base), test) * test.length;
    cvBase += meanNdcg(base, test) * test.length;
  }
  const weights = Object.fromEntries(full.map((v, i) => [FEATURES[i], v]).filter(([, v]) => v));
  console.log(
    `${name}: fit ${meanNdcg(full, rows).toFixed(4)}, cv ${(cv / rows.length).toFixed(4)}, cvBase ${(cvBase / rows.length).toFixed(4)}; ${JSON.stringify(weights)}`,
  );
}
