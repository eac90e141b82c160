/**
 * Tuning harness for matching, on the TUNING half only (`npx tsx test/quality/tune.ts`): the labs are
 * indexed in the embedded engine directly (no database, no HTTP), each tuning problem goes through the
 * same `matchSource` → engine → `matchCandidates` → `rankCandidates` path as GET /problems/{id}/matches,
 * and the script prints nDCG@10, recall of the candidates and (with `--per-problem`) each problem's
 * figures. It never reads the held-out half: `splitHalves(...).tuning` is the only set it touches.
 */
import { matchCandidates, matchSource } from '../../src/modules/matching/service.js';
import { rankCandidates } from '../../src/modules/matching/rank.js';
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import type { SearchDocument } from '../../src/search/port.js';
import { DOMAIN_NAMES, type DomainCode } from '../../src/domain/taxonomy.js';
import { evaluate, ndcgAt } from './metrics.js';
import { loadLabs, loadProblems } from './set.js';
import { splitHalves } from './split.js';

const CANDIDATES = Number(process.env.CANDIDATES ?? 60);

async function main() {
  const labs = loadLabs();
  const tuning = splitHalves(loadProblems()).tuning;
  const engine = createEmbeddedEngine();
  await engine.init();
  await engine.upsert(
    'labs',
    labs.map((l): SearchDocument => ({
      id: l.key,
      name: l.name,
      summary: l.summary,
      keywords: l.keywords,
      equipment: l.equipment,
      achievements: l.achievements,
      domains: l.domains,
      domainNames: l.domains.map((c) => DOMAIN_NAMES[c as DomainCode] ?? c),
      universityId: l.universityName,
      universityName: l.universityName,
      universityKind: l.universityKind,
      city: l.city,
      updatedAt: 0,
    })),
  );
  const perProblem = process.argv.includes('--per-problem');
  const runs = [];
  let recallSum = 0;
  let judgedN = 0;
  for (const p of tuning) {
    const src = matchSource('problems', {
      id: p.key,
      title: p.title,
      description: p.description,
      keywords: p.keywords,
      domains: p.domains,
    } as SearchDocument);
    const result = await engine.search('labs', {
      q: src.query.terms.join(' '),
      matching: 'any',
      limit: CANDIDATES,
      offset: 0,
    });
    const candidates = matchCandidates('labs', result.hits);
    const ranked = rankCandidates({ query: src.query, domains: src.domains, keywords: src.keywords }, candidates);
    const keys = ranked.map((r) => r.id);
    runs.push({ problemKey: p.key, ranked: keys.slice(0, 10) });
    if (p.kind === 'no_match') {
      if (perProblem) console.log(p.key, p.kind, 'top confidence', ranked[0]?.confidence ?? 'none');
      continue;
    }
    const relevant = Object.entries(p.judgments).filter(([, g]) => g > 0);
    const found = relevant.filter(([k]) => keys.includes(k)).length;
    recallSum += found / relevant.length;
    judgedN++;
    if (perProblem)
      console.log(
        p.key,
        p.kind.padEnd(12),
        ndcgAt(keys, p.judgments).toFixed(3),
        `recall ${found}/${relevant.length}`,
        `cands ${keys.length}`,
        ranked[0]?.confidence,
        process.argv.includes('--top')
          ? ranked
              .slice(0, 10)
              .map((r) => `${r.id}:${p.judgments[r.id] ?? 0}:${r.score}`)
              .join(' ')
          : '',
      );
  }
  const e = evaluate(runs, tuning);
  console.log(
    `tuning half: nDCG@10 ${e.ndcg10.toFixed(4)} MRR ${e.mrr.toFixed(3)} n ${e.n}; mean recall@${CANDIDATES} ${(recallSum / judgedN).toFixed(3)}`,
  );
  console.log(
    Object.entries(e.perKind)
      .map(([k, s]) => `${k} ${s!.ndcg10.toFixed(3)}`)
      .join(', '),
  );
  await engine.close();
}

await main();
