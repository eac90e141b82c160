/**
 * Index settings for Meilisearch, translated from the shared definitions in search/: attribute
 * lists, ranking rules, synonyms, stop words, the term dictionary, Chinese locale, typo tolerance,
 * faceting and pagination limits, and the userProvided embedder when embeddings are on.
 */
import type { Settings } from 'meilisearch';
import { synonymMap, type IndexDefinition, type SearchDefinitions } from '../definitions.js';
import { SUBTERMS_FIELD } from './subterms.js';

/** The one embedder; documents carry their vectors under `_vectors.default`. */
export const EMBEDDER = 'default';

/** Facet values counted per field (domains has 9; cities and kinds stay well below this). */
export const MAX_VALUES_PER_FACET = 1000;

/** Hits reachable by paging and counted in totals: above the provincial scale (150k labs). */
export const MAX_TOTAL_HITS = 1_000_000;

const HAN = /\p{Script=Han}/u;

export interface SettingsOptions {
  /** Dimensions of the userProvided embedder; absent means embeddings are off. */
  embedderDimensions?: number;
}

export function meiliSettings(def: IndexDefinition, defs: SearchDefinitions, options: SettingsOptions = {}): Settings {
  const synonyms = synonymMap(defs.synonymGroups);
  // Chinese terms never get typo tolerance: one edit to a 5-character term (锂离子电池 → 锂离子电站)
  // is a different thing. Meilisearch measures word length in characters, so the default
  // thresholds already leave 2–4 character Chinese words exact; the listed terms cover the longer ones.
  const exactChineseTerms = [...new Set([...defs.dictionary, ...Object.keys(synonyms)].filter((t) => HAN.test(t)))];
  return {
    // The parts of dictionary terms come last: found by a part query, outranked by the whole term.
    searchableAttributes: [...def.searchableAttributes, SUBTERMS_FIELD],
    filterableAttributes: [...def.filterableAttributes],
    // id is sortable so an explicit sort can end with id:asc for a stable order of equal values.
    sortableAttributes: [...new Set([...def.sortableAttributes, 'id'])],
    rankingRules: [...def.rankingRules],
    synonyms,
    stopWords: [...defs.stopWords],
    dictionary: [...defs.dictionary],
    localizedAttributes: [{ attributePatterns: ['*'], locales: ['cmn'] }],
    typoTolerance: {
      enabled: true,
      // Latin technical terms keep Meilisearch's defaults: 1 typo from 5 characters, 2 from 9.
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      // Budgets, years and credit-code digits must match exactly.
      disableOnNumbers: true,
      disableOnWords: exactChineseTerms,
    },
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    // Reset when embeddings are off, so a previously configured embedder does not demand vectors.
    // (Configured embeddings always come with their dimensions: the configuration refuses otherwise,
    // since `null` here deletes every stored vector.)
    embedders:
      options.embedderDimensions === undefined
        ? null
        : { [EMBEDDER]: { source: 'userProvided', dimensions: options.embedderDimensions } },
  };
}

/** Keys whose array values are sets: the server may return them in another order. */
const UNORDERED = new Set([
  'filterableAttributes',
  'sortableAttributes',
  'stopWords',
  'dictionary',
  'disableOnWords',
  'synonyms',
]);

function normalize(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalize(v));
    return key && UNORDERED.has(key) ? items.map((v) => JSON.stringify(v)).sort() : items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort())
      out[k] = normalize((value as Record<string, unknown>)[k], UNORDERED.has(key ?? '') ? key : k);
    return out;
  }
  return value;
}

/** Whether `actual` holds every value of `desired` (the server adds defaults we never set). */
function covers(desired: unknown, actual: unknown): boolean {
  if (desired === null)
    return actual === null || actual === undefined || (typeof actual === 'object' && Object.keys(actual).length === 0);
  if (Array.isArray(desired) || typeof desired !== 'object') return JSON.stringify(desired) === JSON.stringify(actual);
  if (!actual || typeof actual !== 'object') return false;
  return Object.entries(desired).every(([k, v]) => covers(v, (actual as Record<string, unknown>)[k]));
}

/**
 * The settings whose value on the server differs from ours: a changed dictionary, synonym list or
 * attribute list means every document must be re-indexed, which is done through a new index and a swap.
 */
export function changedSettings(desired: Settings, actual: Record<string, unknown>): string[] {
  return Object.keys(desired).filter(
    (key) => !covers(normalize(desired[key as keyof Settings], key), normalize(actual[key], key)),
  );
}
