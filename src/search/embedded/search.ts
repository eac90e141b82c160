/**
 * One search over one index: plan → postings run → candidates (matching rule, filters, tombstones,
 * semantic neighbours) → exact total and facet counts → top-k by relevance or sort → hits with
 * matched terms and highlights.
 *
 * Text score in [0, 1]: ½ · (groups matched / groups) + ½ · (BM25F / the query's maximum BM25F).
 * Hybrid: (1 − r) · text + r · max(0, cosine) for documents with a vector, text alone otherwise;
 * the top semantic neighbours join the candidates even without a text match.
 */
import { SearchEngineError, type FieldValue, type SearchHit, type SearchQuery, type SearchResult } from '../port.js';
import { compileFilters } from './filters.js';
import { highlight } from './highlight.js';
import { atomHolds, runPlan } from './matcher.js';
import { buildPlan, type Plan, type PlanContext } from './plan.js';
import type { Scratch } from './scratch.js';
import { fieldText, unitVector, type IndexStore } from './store.js';
import { TopK, type Before } from './topk.js';
import { orderBy } from './order.js';

const SEMANTIC_NEIGHBOURS = 50;

export function executeSearch(ctx: PlanContext, scratch: Scratch, query: SearchQuery): SearchResult {
  const { store } = ctx;
  const limit = Math.max(0, Math.floor(query.limit));
  const offset = Math.max(0, Math.floor(query.offset));
  if (!Number.isFinite(limit) || !Number.isFinite(offset))
    throw new SearchEngineError('invalid_query', 'limit/offset 无效');
  for (const f of query.facets ?? [])
    if (!store.def.filterableAttributes.includes(f))
      throw new SearchEngineError('invalid_query', `不可统计的字段：${f}`);
  const filter = compileFilters(store, query.filters);
  const before: Before = orderBy(store, query.sort);
  scratch.ensure(store.capacity);

  const tokens = store.analyzer.queryTokens((query.q ?? '').slice(0, 1000));
  const matching = query.matching === 'any' ? 'any' : 'all';
  const plan: Plan | null = tokens.length ? buildPlan(tokens, ctx, matching) : null;
  const textual = plan !== null && plan.groups.length > 0;
  const all = matching === 'all';
  const qv = query.vector ? unitVector(query.vector) : null;
  const ratio = qv ? Math.min(1, Math.max(0, query.semanticRatio ?? 0.5)) : 0;

  const facetNames = query.facets ?? [];
  const facetCols = facetNames.map((f) => store.fields.get(f)!);
  const facetCounts = facetCols.map((c) => new Int32Array(c.names.length));
  const top = new TopK(offset + limit, before, !query.sort?.length);
  const vectors = store.vectors;
  /** Every document's cosine in one scan of the arena (one SIMD kernel call), before the candidates are visited. */
  const scanned = qv !== null && vectors.prepare(qv, store.capacity);
  const semantic = (d: number): number | undefined => (scanned ? vectors.cosineAt(d) : undefined);
  const hasFilter = (query.filters?.length ?? 0) > 0;
  const deleted = store.deleted;
  let total = 0;
  /** The hot loop's body: one candidate that passed the matching rule and the filters. */
  const accept = (d: number, text: number) => {
    let score = text;
    if (qv) {
      const cos = semantic(d);
      score = cos === undefined ? (textual ? text : 0) : (1 - ratio) * text + ratio * Math.max(0, cos);
    }
    total++;
    for (let f = 0; f < facetCols.length; f++) {
      const starts = facetCols[f]!.starts.ids;
      const values = facetCols[f]!.values.ids;
      const counts = facetCounts[f]!;
      for (let j = starts[d]!, end = starts[d + 1]!; j < end; j++) counts[values[j]!]!++;
    }
    top.push(d, score);
  };

  let run = { epoch: 0, count: 0 };
  if (filter.none) {
    // nothing passes
  } else if (textual) {
    run = runPlan(store.postings, scratch, plan);
    const groups = plan.groups.length;
    const need = all ? groups : 1;
    const { touched, matched, scoreStamp, acc, seen } = scratch;
    const epoch = run.epoch;
    const half = 0.5 / groups;
    const scale = 0.5 / plan.maxRaw;
    for (let i = 0; i < run.count; i++) {
      const d = touched[i]!;
      const m = matched[d]!;
      if (m < need || deleted[d] || (hasFilter && !filter.test(d))) continue;
      const bm25 = scoreStamp[d] === epoch ? Math.min(0.5, acc[d]! * scale) : 0;
      accept(d, half * m + bm25);
      if (qv) seen[d] = 1;
    }
    if (scanned)
      semanticNeighbours(
        store,
        hasFilter ? filter.test : null,
        seen,
        Math.max(SEMANTIC_NEIGHBOURS, offset + limit),
        (d) => accept(d, 0),
      );
    if (qv) for (let i = 0; i < run.count; i++) seen[touched[i]!] = 0;
  } else {
    const docs = store.docs;
    const visit = (d: number) => {
      if (!deleted[d] && docs[d] && (!hasFilter || filter.test(d))) accept(d, 1);
    };
    if (filter.driver) forEachBit(filter.driver, store.capacity, visit);
    else for (let d = 0; d < store.capacity; d++) visit(d);
  }

  const hits: SearchHit[] = top
    .sorted()
    .slice(offset)
    .map(({ doc, score }) => {
      const mask = scratch.queryStamp[doc] === run.epoch ? scratch.groupMask[doc]! : 0;
      return toHit(ctx, plan, doc, score, query.highlight === true, semantic(doc), mask);
    });
  const facets: Record<string, Record<string, number>> = {};
  facetNames.forEach((f, i) => {
    const names = facetCols[i]!.names;
    const out: Record<string, number> = {};
    facetCounts[i]!.forEach((c, v) => c > 0 && (out[names[v]!] = c));
    facets[f] = out;
  });
  return { hits, total, facets };
}

function forEachBit(bits: Uint32Array, limit: number, visit: (d: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const b = 31 - Math.clz32(word & -word);
      const d = w * 32 + b;
      if (d < limit) visit(d);
      word &= word - 1;
    }
  }
}

/**
 * The k documents with the highest positive cosine (already computed by the arena's scan) that are
 * not text candidates.
 */
function semanticNeighbours(
  store: IndexStore,
  pass: ((d: number) => boolean) | null,
  seen: Uint8Array,
  k: number,
  add: (d: number) => void,
): void {
  const top = new TopK(k, (a, sa, b, sb) => sa > sb || (sa === sb && a < b), true);
  const { vectors, deleted, capacity } = store;
  for (let d = 0; d < capacity; d++) {
    if (seen[d] || deleted[d]) continue;
    const c = vectors.cosineAt(d);
    if (c === undefined || !(c > 0) || (pass !== null && !pass(d))) continue;
    top.push(d, c);
  }
  for (const { doc } of top.sorted()) add(doc);
}

/** `mask`: the groups (of the first 32) the document satisfied; the others need no checking. */
function toHit(
  ctx: PlanContext,
  plan: Plan | null,
  d: number,
  score: number,
  wantHighlights: boolean,
  semanticScore: number | undefined,
  mask: number,
): SearchHit {
  const { store } = ctx;
  const doc = store.docs[d]!;
  const matchedTerms = new Set<string>();
  const needles = new Set<string>();
  for (const [gi, g] of (plan?.groups ?? []).entries()) {
    if (gi < 32 && !(mask & (1 << gi))) continue;
    for (const v of g.variants) {
      if (!v.atoms.every((a) => atomHolds(store.postings, a, d))) continue;
      for (const a of v.atoms) {
        const present = [...a.weights.keys()]
          .filter((t) => store.postings.impact(t, d) > 0)
          .map((t) => store.terms.text[t]!);
        if (a.latin) present.forEach((t) => matchedTerms.add(t));
        else matchedTerms.add(a.label);
        // a lone character marks itself, not the bigrams around it
        if (a.latin || a.label.length > 1) present.forEach((t) => needles.add(t));
        if (!a.latin) needles.add(a.label);
      }
    }
  }
  const document: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(doc)) if (k !== '_vector' && v !== undefined) document[k] = v;
  const hit: SearchHit = {
    id: doc.id,
    score: Math.round(score * 1e6) / 1e6,
    document,
    matchedTerms: [...matchedTerms],
  };
  if (wantHighlights) {
    const highlights: Record<string, string> = {};
    const list = [...needles].sort((a, b) => b.length - a.length);
    for (const f of store.def.highlightAttributes) {
      const raw = doc[f];
      const snippet = highlight(Array.isArray(raw) ? raw.join('、') : fieldText(raw), list);
      if (snippet) highlights[f] = snippet;
    }
    hit.highlights = highlights;
  }
  if (semanticScore !== undefined) hit.semanticScore = Math.round(semanticScore * 1e6) / 1e6;
  return hit;
}
