/**
 * Translates a port SearchQuery into Meilisearch search parameters: filters, sort, facets, paging,
 * matching strategy, ranking score, match positions, highlighting and hybrid search.
 */
import type { FederatedMultiSearchParams, MatchingStrategies, SearchParams } from 'meilisearch';
import type { IndexDefinition } from '../definitions.js';
import { SearchEngineError, type SearchQuery } from '../port.js';
import { buildFilter, buildSort, checkFacets } from './filters.js';
import { EMBEDDER, MAX_VALUES_PER_FACET } from './settings.js';

/**
 * Highlight marks: private-use characters, so the snippet can be HTML-escaped afterwards and the
 * marks turned into <em>…</em> — document text never reaches a page as markup.
 */
export const PRE_TAG = '\uE000';
export const POST_TAG = '\uE001';

/** Snippet length in words for long fields (titles and names are shorter and come back whole). */
export const CROP_LENGTH = 60;

export const DEFAULT_SEMANTIC_RATIO = 0.5;

/**
 * 'any' → 'last', per query. Meilisearch has no plain OR: each relaxed strategy keeps one word
 * mandatory — 'last' the first word, 'frequency' the rarest word that occurs in the index (and all of
 * them when they tie on frequency, degrading to 'all' on a small index). 'last' is predictable, and
 * the engine turns it into a true OR by searching once per word with that word first (federated
 * search over rotations of the query, see anyRotations): the union is every document matching any
 * word, each ranked by its best rotation — by how many words it matches.
 */
export function matchingStrategy(matching: SearchQuery['matching']): MatchingStrategies {
  return matching === 'any' ? 'last' : 'all';
}

export interface BuiltSearch {
  params: SearchParams;
  /** A filter that can match nothing: answer empty without asking the server. */
  matchesNothing: boolean;
  /** Whether totals come from totalHits (page mode, exact) or estimatedTotalHits. */
  exactTotal: boolean;
}

export interface QueryOptions {
  /** Whether the index has the userProvided embedder (embeddings on). */
  embeddings: boolean;
}

export function buildSearch(query: SearchQuery, def: IndexDefinition, options: QueryOptions): BuiltSearch {
  const { limit, offset } = query;
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0) {
    throw new SearchEngineError('invalid_query', `分页参数无效：limit=${limit} offset=${offset}`);
  }
  const { filter, matchesNothing } = buildFilter(query.filters, def);
  const sort = buildSort(query.sort, def);
  const facets = checkFacets(query.facets, def);
  const q = plainText(query.q ?? '');
  // Page mode gives an exhaustive totalHits; it needs offset to fall on a page boundary.
  const exactTotal = limit === 0 || offset % limit === 0;
  const params: SearchParams = {
    ...(exactTotal ? { hitsPerPage: limit, page: limit === 0 ? 1 : offset / limit + 1 } : { offset, limit }),
    ...(filter ? { filter } : {}),
    ...(sort ? { sort } : {}),
    ...(facets ? { facets } : {}),
    matchingStrategy: matchingStrategy(query.matching),
    showRankingScore: true,
    showMatchesPosition: q !== '',
    // Queries are Chinese: without this a short query of Han characters may be read as Japanese.
    locales: ['cmn'],
  };
  if (query.highlight && q !== '' && def.highlightAttributes.length) {
    Object.assign(params, {
      attributesToHighlight: [...def.highlightAttributes],
      attributesToCrop: [...def.highlightAttributes],
      cropLength: CROP_LENGTH,
      cropMarker: '…',
      highlightPreTag: PRE_TAG,
      highlightPostTag: POST_TAG,
    });
  }
  if (query.vector?.length && options.embeddings) {
    const ratio = query.semanticRatio ?? DEFAULT_SEMANTIC_RATIO;
    if (!(ratio >= 0 && ratio <= 1))
      throw new SearchEngineError('invalid_query', `semanticRatio 须在 0 到 1 之间：${ratio}`);
    Object.assign(params, {
      vector: [...query.vector],
      hybrid: { embedder: EMBEDDER, semanticRatio: ratio },
      // Stored vectors stay on the server (a hit's vector is kilobytes; matching reads vectors from
      // the database): the similarity comes from the ranking details instead.
      retrieveVectors: false,
      showRankingScoreDetails: true,
    });
  }
  return { params: { q, ...params }, matchesNothing, exactTotal };
}

/**
 * The query as plain words: Meilisearch reads `"…"` as a phrase and a leading `-` as "must not
 * contain"; the embedded engine has neither, so both are neutralised to keep the engines alike.
 */
export function plainText(q: string): string {
  return q
    .replace(/"/g, ' ')
    .replace(/(^|\s)-+/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const HAN = /\p{Script=Han}/u;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Meilisearch reads only this many words of a query. */
export const MAX_QUERY_WORDS = 10;

/** The query's words: whitespace-separated terms, or Intl.Segmenter words for unspaced Chinese. */
export function queryWords(q: string): string[] {
  const parts = q.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 1 || !HAN.test(parts[0]!)) return parts;
  return [...segmenter.segment(parts[0]!)].filter((s) => s.isWordLike).map((s) => s.segment);
}

/**
 * For an 'any' query of several words: one query per word, led by it (empty for one word). Each
 * rotation carries the word and the words after it, at most MAX_QUERY_WORDS in all — the server
 * reads no more — so a long query (matching sends 32 terms) loses none of its words.
 */
export function anyRotations(q: string): string[] {
  const words = [...new Set(queryWords(q))];
  if (words.length < 2) return [];
  const width = Math.min(words.length, MAX_QUERY_WORDS);
  return words.map((_, i) => Array.from({ length: width }, (_, k) => words[(i + k) % words.length]).join(' '));
}

/**
 * One federated multi-search over the rotations: documents matched by several rotations come back
 * once (with their best score), the total is the size of the union, and facets count over it.
 * Paging and facets move from the queries to the federation, where Meilisearch requires them.
 */
export function federate(
  params: SearchParams,
  query: SearchQuery,
  indexUid: string,
  texts: readonly string[],
): FederatedMultiSearchParams {
  const { offset: _o, limit: _l, page: _p, hitsPerPage: _h, facets, q, ...shared } = params;
  const { vector, hybrid, retrieveVectors: _r, showRankingScoreDetails: _d, ...keyword } = shared;
  const federation = {
    offset: query.offset,
    limit: query.limit,
    ...(facets
      ? { facetsByIndex: { [indexUid]: facets }, mergeFacets: { maxValuesPerFacet: MAX_VALUES_PER_FACET } }
      : {}),
  };
  const queries: FederatedMultiSearchParams['queries'] = texts.map((text) => ({ ...keyword, indexUid, q: text }));
  // The nearest-neighbour search runs once, beside the keyword rotations, not once per rotation.
  if (vector && hybrid)
    queries.push({
      ...shared,
      indexUid,
      q: queryWords(q ?? '')
        .slice(0, MAX_QUERY_WORDS)
        .join(' '),
    });
  return { federation, queries };
}
