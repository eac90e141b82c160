/**
 * 推荐匹配: for a problem the labs most likely to solve it, for a lab the problems it could take on.
 * The record becomes a query of its distinctive terms; the engine returns candidates ('any' matching,
 * hybrid when a vector is known); candidates are re-ranked with reasons and a calibrated confidence.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { Database } from '../../db/tables.js';
import { contentHash } from '../../embeddings/cache.js';
import { cosine } from '../../embeddings/provider.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import {
  documentsFor,
  embeddingText,
  type IndexedLab,
  type IndexedProblem,
  problemDocuments,
} from '../../search/documents.js';
import type { Filter, IndexName, SearchDocument } from '../../search/port.js';
import { openForCooperationFilters } from '../../policy/rules.js';
import { searchDocumentView, searchFilters } from '../../policy/search-view.js';
import { findVisibleProblem } from '../problems/repository.js';
import { toSimplified } from '../../search/text/simplify.js';
import { distinctiveWords } from './query.js';
import { type Candidate, type Confidence, rankCandidates } from './rank.js';
import type { MatchQueryInput } from './schemas.js';

const CANDIDATES = 60;
/** Terms per query: 32 scored nDCG@10 0.91 on the labelled set against 0.86 for 16 (Meilisearch reads the first 10). */
const QUERY_TERMS = 32;
const SEMANTIC_RATIO = 0.3;
export const CONFIDENCE_LABELS: Record<Confidence, string> = { high: '把握较大', medium: '可以一试', low: '把握较小' };

type Semantic = 'used' | 'not_configured' | 'pending' | 'unavailable';

async function cachedVectors(
  db: Kysely<Database>,
  model: string,
  index: IndexName,
  docs: readonly SearchDocument[],
): Promise<Map<string, number[]>> {
  if (!docs.length) return new Map();
  const hashes = docs.map((d) => contentHash(embeddingText(index, d)));
  const rows = await db
    .selectFrom('embeddings')
    .select(['contentHash', 'vector'])
    .where('model', '=', model)
    .where('contentHash', 'in', [...new Set(hashes)])
    .execute();
  const byHash = new Map(rows.map((r) => [r.contentHash, r.vector]));
  const out = new Map<string, number[]>();
  docs.forEach((d, i) => {
    const v = byHash.get(hashes[i]!);
    if (v) out.set(d.id, v);
  });
  return out;
}

const text = (...parts: unknown[]) =>
  parts
    .flat()
    .filter((p) => typeof p === 'string')
    .join(' ');

/** A record as the index holds it, told apart by its index. */
type Indexed = { index: 'problems'; doc: IndexedProblem } | { index: 'labs'; doc: IndexedLab };
const indexed = (index: IndexName, doc: SearchDocument) => ({ index, doc }) as Indexed;

/** The weighted text a record's query terms are drawn from. */
const queryFields = (r: Indexed) =>
  r.index === 'problems'
    ? [
        { text: r.doc.title, weight: 3 },
        { text: r.doc.description, weight: 1 },
      ]
    : [
        { text: r.doc.name, weight: 3 },
        { text: r.doc.summary, weight: 1.5 },
        { text: text(r.doc.equipment, r.doc.achievements), weight: 0.5 },
      ];

/** All of a candidate's text, for the re-ranking. */
const candidateText = (r: Indexed) =>
  r.index === 'labs'
    ? text(r.doc.name, r.doc.keywords, r.doc.summary, r.doc.equipment, r.doc.achievements)
    : text(r.doc.title, r.doc.keywords, r.doc.description);

/**
 * A record as the source of a match: its keywords, domains and query terms, from text converted to
 * simplified characters (a problem written in traditional characters finds labs written in simplified
 * ones) and chosen with jieba (query.ts `distinctiveWords`). Both choices are kept because the held-out
 * half of test/quality says they help (test/quality/README.md).
 */
export function matchSource(index: IndexName, doc: SearchDocument) {
  const src = indexed(index, doc);
  const keywords = (src.doc.keywords ?? []).map(toSimplified);
  const fields = queryFields(src).map((f) => ({ ...f, text: toSimplified(f.text) }));
  return { keywords, domains: src.doc.domains ?? [], query: distinctiveWords(fields, keywords, QUERY_TERMS) };
}

/** Engine hits as candidates for the re-ranking, with their cosine to the source where known. */
export function matchCandidates(
  index: IndexName,
  hits: readonly { id: string; score: number; matchedTerms: string[]; document: Record<string, unknown> }[],
  semanticScores = new Map<string, number>(),
): Candidate[] {
  return hits.map((h) => {
    const candidate = indexed(index, h.document as SearchDocument);
    return {
      id: h.id,
      textScore: h.score,
      matchedTerms: h.matchedTerms,
      domains: candidate.doc.domains ?? [],
      keywords: candidate.doc.keywords ?? [],
      text: candidateText(candidate),
      semanticScore: semanticScores.get(h.id),
    };
  });
}

const CONFIDENCE_ORDER: readonly Confidence[] = ['high', 'medium', 'low'];

/**
 * The line above a list of matches. Confidence is judged per candidate, not by rank, so the best of
 * the list is the highest confidence anywhere in it, not the first item's. The advice depends on the
 * side: for a problem's labs (the bureau's workspace) to visit or widen the call, for a lab's
 * problems (the university's lab page) to fill in the profile.
 */
export function matchSummary(targetIndex: IndexName, ranked: readonly { confidence: Confidence }[]) {
  const best = CONFIDENCE_ORDER.find((c) => ranked.some((r) => r.confidence === c));
  const likely = ranked.filter((r) => r.confidence !== 'low').length;
  const subject = targetIndex === 'labs' ? '实验室' : '技术难题';
  const advice =
    targetIndex === 'labs'
      ? '候选与本需求的关键术语重合较少，建议局方人工走访或扩大征集范围。'
      : '候选与本实验室的关键术语重合较少，补充关键词、简介与设备能提高匹配，也可到需求大厅按领域浏览。';
  return {
    confidence: (best ?? 'none') as Confidence | 'none',
    message: likely ? `找到 ${likely} 个把握较大或可以一试的${subject}。` : `暂未找到把握较大的${subject}：${advice}`,
  };
}

export function matchingService(deps: AppDeps) {
  const { db, search } = deps;

  async function run(
    actor: Actor,
    sourceIndex: IndexName,
    source: SearchDocument,
    targetIndex: IndexName,
    filters: Filter[],
    limit: number,
  ) {
    const src = matchSource(sourceIndex, source);
    const { keywords, query } = src;

    let semantic: Semantic = 'not_configured';
    let vector: number[] | undefined;
    if (deps.embeddings) {
      vector = (await cachedVectors(db, deps.embeddings.model, sourceIndex, [source])).get(source.id);
      semantic = vector ? 'used' : search.indexer.embeddingsError() ? 'unavailable' : 'pending';
    }

    const result = await search.engine.search(targetIndex, {
      q: query.terms.join(' '),
      matching: 'any',
      filters: [...searchFilters(actor, targetIndex), ...filters],
      limit: CANDIDATES,
      offset: 0,
      ...(vector ? { vector, semanticRatio: SEMANTIC_RATIO } : {}),
    });
    // The embedded engine hands back each hit's cosine (from its int8 vectors, within 0.01 of the exact
    // one): nothing to load. Meilisearch returns no vectors (retrieveVectors is off) and its semantic
    // score is its own similarity, so there the candidates' vectors are read from the database.
    const semanticScores = new Map<string, number>();
    if (deps.embeddings && vector) {
      const fromEngine = search.engine.kind === 'embedded';
      const rest: SearchDocument[] = [];
      for (const h of result.hits)
        if (fromEngine && h.semanticScore !== undefined) semanticScores.set(h.id, h.semanticScore);
        else rest.push({ ...(h.document as SearchDocument), id: h.id });
      for (const [id, v] of await cachedVectors(db, deps.embeddings.model, targetIndex, rest))
        semanticScores.set(id, cosine(vector, v));
    }
    const candidates = matchCandidates(targetIndex, result.hits, semanticScores);
    const ranked = rankCandidates({ query, domains: src.domains, keywords }, candidates).slice(0, limit);
    const docs = new Map(
      result.hits.map((h) => [h.id, searchDocumentView(actor, targetIndex, h.document) as Record<string, any>]),
    );
    return {
      ranked: ranked.map((r) => ({ ...r, confidenceLabel: CONFIDENCE_LABELS[r.confidence], doc: docs.get(r.id)! })),
      query: { terms: query.terms },
      semantic,
      summary: matchSummary(targetIndex, ranked),
    };
  }

  return {
    async forProblem(actor: Actor, id: string, input: MatchQueryInput) {
      if (!(await findVisibleProblem(db, actor, id))) throw notFound('技术难题');
      const [source] = await problemDocuments(db, [id]);
      if (!source) throw notFound('技术难题');
      const filters: Filter[] = [];
      if (input.domains?.length) filters.push({ field: 'domains', op: 'in', values: input.domains });
      if (input.city) filters.push({ field: 'city', op: 'in', values: [input.city] });
      if (input.universityKind) filters.push({ field: 'universityKind', op: 'in', values: [input.universityKind] });
      const out = await run(actor, 'problems', source, 'labs', filters, input.limit);
      return {
        items: out.ranked.map(({ doc, ...r }) => ({
          lab: {
            id: r.id,
            name: doc.name,
            universityId: doc.universityId,
            universityName: doc.universityName,
            universityKind: doc.universityKind,
            city: doc.city ?? null,
            domains: doc.domains,
            keywords: doc.keywords,
            summary: doc.summary,
          },
          ...r,
        })),
        total: out.ranked.length,
        query: out.query,
        semantic: out.semantic,
        summary: out.summary,
      };
    },

    async forLab(actor: Actor, id: string, input: MatchQueryInput) {
      const [source] = await documentsFor('labs')(db, [id]);
      if (
        !source ||
        (actor.role === 'university' && (source as { universityId?: string }).universityId !== actor.universityId)
      )
        throw notFound('实验室');
      const filters: Filter[] = [...openForCooperationFilters];
      if (input.domains?.length) filters.push({ field: 'domains', op: 'in', values: input.domains });
      const out = await run(actor, 'labs', source, 'problems', filters, input.limit);
      return {
        items: out.ranked.map(({ doc, ...r }) => ({
          problem: {
            id: r.id,
            title: doc.title,
            domains: doc.domains,
            keywords: doc.keywords,
            stage: doc.stage,
            budgetWan: doc.budgetWan ?? null,
            enterpriseIndustry: doc.enterpriseIndustry ?? null,
          },
          ...r,
        })),
        total: out.ranked.length,
        query: out.query,
        semantic: out.semantic,
        summary: out.summary,
      };
    },
  };
}
