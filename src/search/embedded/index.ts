/** The in-process search engine: Chinese-aware, BM25F over compact postings, filters, facets, sort, highlights, hybrid. */
import type { SearchDefinitions } from '../definitions.js';
import type { SearchEngine } from '../port.js';
import { EmbeddedSearchEngine } from './engine.js';

export { EmbeddedSearchEngine };

export function createEmbeddedEngine(definitions?: SearchDefinitions): SearchEngine {
  return new EmbeddedSearchEngine(definitions);
}
