/**
 * Index definitions, read from the top-level search/ folder and validated: per index the
 * searchable attributes in order of weight, filterable / sortable / facet attributes and ranking
 * rules; shared synonyms (groups of equivalent terms), stop words and the term dictionary.
 * Both engines apply exactly these.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { IndexName } from './port.js';

const SEARCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../search');

const IndexDefinitionSchema = z.strictObject({
  uid: z.enum(['problems', 'labs']),
  primaryKey: z.literal('id'),
  searchableAttributes: z.array(z.string()).min(1),
  filterableAttributes: z.array(z.string()),
  sortableAttributes: z.array(z.string()),
  facets: z.array(z.string()),
  rankingRules: z.array(z.string()).min(1),
  highlightAttributes: z.array(z.string()),
});
export type IndexDefinition = z.infer<typeof IndexDefinitionSchema>;

const SynonymsSchema = z.strictObject({ groups: z.array(z.array(z.string().min(1)).min(2)) });
const StopWordsSchema = z.strictObject({ words: z.array(z.string().min(1)) });

export interface SearchDefinitions {
  indexes: Record<IndexName, IndexDefinition>;
  /** Groups of terms that mean the same thing (each term expands to the others). */
  synonymGroups: string[][];
  stopWords: string[];
  /** Technical terms kept whole when segmenting Chinese. */
  dictionary: string[];
}

const readJson = (file: string) => JSON.parse(readFileSync(path.join(SEARCH_DIR, file), 'utf8')) as unknown;

let cached: SearchDefinitions | undefined;

export function loadDefinitions(): SearchDefinitions {
  if (cached) return cached;
  const problems = IndexDefinitionSchema.parse(readJson('problems.json'));
  const labs = IndexDefinitionSchema.parse(readJson('labs.json'));
  for (const def of [problems, labs]) {
    const notFilterable = def.facets.filter((f) => !def.filterableAttributes.includes(f));
    if (notFilterable.length)
      throw new Error(`search/${def.uid}.json: facets must be filterable: ${notFilterable.join(', ')}`);
  }
  const dictionary = readFileSync(path.join(SEARCH_DIR, 'dictionary.txt'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
  cached = {
    indexes: { problems, labs },
    synonymGroups: SynonymsSchema.parse(readJson('synonyms.json')).groups,
    stopWords: StopWordsSchema.parse(readJson('stopwords.json')).words,
    dictionary: [...new Set(dictionary)],
  };
  return cached;
}

/** Meilisearch's synonyms setting: every term of a group maps to the others. */
export function synonymMap(groups: readonly string[][]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of groups)
    for (const term of group) map[term] = [...new Set([...(map[term] ?? []), ...group.filter((t) => t !== term)])];
  return map;
}

/**
 * A fingerprint of the definitions (and of whatever else an index built from them depends on, as
 * `extra`): a persisted index of another version must be rebuilt rather than loaded.
 */
export function definitionsVersion(defs: SearchDefinitions, extra = ''): string {
  return createHash('sha256').update(JSON.stringify(defs)).update('\0').update(extra).digest('hex').slice(0, 16);
}
