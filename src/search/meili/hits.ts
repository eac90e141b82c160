/**
 * Turns Meilisearch hits into port hits: the stored document without Meilisearch's `_` fields,
 * the ranking score, the matched terms read from `_matchesPosition`, escaped <em> snippets from
 * `_formatted`, and the cosine similarity of the hit's stored vector to the query vector; totals
 * and facet counts of the response.
 */
import type { Hit, SearchResponse } from 'meilisearch';
import type { FieldValue, SearchHit, SearchQuery, SearchResult } from '../port.js';
import { POST_TAG, PRE_TAG } from './query.js';
import { EMBEDDER } from './settings.js';
import { SUBTERMS_FIELD } from './subterms.js';

interface MatchBound {
  start: number;
  length: number;
  indices?: number[];
}

/**
 * The matched text. Meilisearch documents `start` and `length` in UTF-8 bytes; older versions
 * gave `length` in characters (meilisearch#5429), which cuts a multi-byte match short — then count characters.
 */
export function sliceMatch(text: string, start: number, length: number): string | undefined {
  const bytes = Buffer.from(text, 'utf8');
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length <= 0 || start >= bytes.length)
    return undefined;
  const exact = bytes.subarray(start, start + length).toString('utf8');
  if (!exact.includes('\uFFFD') || text.includes('\uFFFD')) return exact;
  const from = Array.from(bytes.subarray(0, start).toString('utf8')).length;
  return Array.from(text)
    .slice(from, from + length)
    .join('');
}

/** Distinct matched substrings, lower-cased, in the order the fields report them. */
export function matchedTerms(
  doc: Record<string, unknown>,
  positions: Record<string, MatchBound[] | undefined> | undefined,
): string[] {
  const terms = new Set<string>();
  for (const [field, bounds] of Object.entries(positions ?? {})) {
    const value = doc[field];
    for (const b of bounds ?? []) {
      // An array field names its element in `indices` (Meilisearch ≥ 1.12); without it the element is unknown.
      const text = Array.isArray(value) ? (b.indices?.length === 1 ? value[b.indices[0]!] : undefined) : value;
      if (typeof text !== 'string') continue;
      const term = sliceMatch(text, b.start, b.length)?.trim().toLowerCase();
      if (term) terms.add(term);
    }
  }
  return [...terms];
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Snippets of the fields that matched: document text HTML-escaped, match marks as <em>…</em>. */
export function highlights(
  formatted: Record<string, unknown> | undefined,
  fields: readonly string[],
): Record<string, string> | undefined {
  if (!formatted) return undefined;
  const out: Record<string, string> = {};
  for (const field of fields) {
    const value = formatted[field];
    if (typeof value !== 'string' || !value.includes(PRE_TAG)) continue;
    out[field] = escapeHtml(value).split(PRE_TAG).join('<em>').split(POST_TAG).join('</em>');
  }
  return out;
}

export function cosine(a: readonly number[], b: readonly number[]): number | undefined {
  if (a.length !== b.length || a.length === 0) return undefined;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? undefined : dot / Math.sqrt(na * nb);
}

const isNumbers = (v: unknown): v is number[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');

/** The first stored embedding of the hit: `_vectors.default` is `{embeddings, regenerate}` or the bare embedding(s). */
export function storedVector(vectors: unknown): number[] | undefined {
  if (!vectors || typeof vectors !== 'object') return undefined;
  let entry = (vectors as Record<string, unknown>)[EMBEDDER];
  if (entry && typeof entry === 'object' && !Array.isArray(entry))
    entry = (entry as { embeddings?: unknown }).embeddings;
  if (isNumbers(entry)) return entry;
  return Array.isArray(entry) && isNumbers(entry[0]) ? entry[0] : undefined;
}

/** Exact cosine when the vector came back; else Meilisearch's own similarity for semantic hits. */
export function semanticScore(hit: Hit, queryVector: readonly number[] | undefined): number | undefined {
  if (!queryVector?.length) return undefined;
  const stored = storedVector(hit._vectors);
  if (stored) return cosine(queryVector, stored);
  const similarity = (hit._rankingScoreDetails?.vectorSort as { similarity?: unknown } | undefined)?.similarity;
  return typeof similarity === 'number' ? similarity : undefined;
}

/** The stored document: every field except Meilisearch's own (`_formatted`, `_vectors`, …) and our hidden sub-terms. */
export function storedDocument(hit: Hit): Record<string, FieldValue> {
  const doc: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(hit)) if (!k.startsWith('_') && k !== SUBTERMS_FIELD) doc[k] = v as FieldValue;
  return doc;
}

export function toSearchHit(
  hit: Hit,
  highlightFields: readonly string[] | undefined,
  queryVector: readonly number[] | undefined,
): SearchHit {
  const document = storedDocument(hit);
  // A match in the sub-terms field is a matched term too: read it from the hit, which still has the field.
  const searched = { ...document, [SUBTERMS_FIELD]: hit[SUBTERMS_FIELD] as FieldValue };
  const score = typeof hit._rankingScore === 'number' ? Math.min(1, Math.max(0, hit._rankingScore)) : 0;
  const out: SearchHit = {
    id: String(hit.id),
    score,
    document,
    matchedTerms: matchedTerms(searched, hit._matchesPosition as Record<string, MatchBound[] | undefined> | undefined),
  };
  if (highlightFields)
    out.highlights = highlights(hit._formatted as Record<string, unknown> | undefined, highlightFields) ?? {};
  const semantic = semanticScore(hit, queryVector);
  if (semantic !== undefined) out.semanticScore = semantic;
  return out;
}

export function totalOf(response: SearchResponse): number | undefined {
  return response.totalHits ?? response.estimatedTotalHits;
}

/** Every requested facet is present, empty when no hit has a value for it. */
const facetCounts = (query: SearchQuery, distribution?: Record<string, Record<string, number>>) =>
  Object.fromEntries((query.facets ?? []).map((f) => [f, { ...distribution?.[f] }]));

export const emptyResult = (query: SearchQuery): SearchResult => ({ hits: [], total: 0, facets: facetCounts(query) });

export interface ResultOptions {
  /** The fields to take snippets from, when highlighting was asked for. */
  highlightFields?: readonly string[];
  /** The query vector, when the search was hybrid. */
  queryVector?: readonly number[];
}

export function toSearchResult(response: SearchResponse, query: SearchQuery, options: ResultOptions): SearchResult {
  return {
    hits: response.hits.map((hit) => toSearchHit(hit, options.highlightFields, options.queryVector)),
    total: totalOf(response) ?? query.offset + response.hits.length,
    facets: facetCounts(query, response.facetDistribution),
  };
}
