/**
 * Index settings for Meilisearch, translated from the shared definitions in search/: attribute
 * lists, ranking rules, synonyms, stop words, the term dictionary, Chinese locale, typo tolerance,
 * faceting and pagination limits, and the userProvided embedder when embeddings are on.
 */
import type { Settings } from 'meilisearch';
import { synonymMap, type IndexDefinition, type SearchDefinitions } from '../definitions.js';

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
    searchableAttributes: [...def.searchableAttributes],
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
    embedders:
      options.embedderDimensions === undefined ? null : { [EMBEDDER]: { source: 'userProvided', dimensions: options.embedderDimensions } },
  };
}
