/** Chooses the search engine from the configuration: Meilisearch when MEILI_URL is set, the embedded engine otherwise. */
import type { Config } from '../config.js';
import { createEmbeddedEngine } from './embedded/index.js';
import { createMeiliEngine } from './meili/index.js';
import type { SearchEngine } from './port.js';

export function searchEngineFromConfig(
  config: Pick<Config, 'MEILI_URL' | 'MEILI_MASTER_KEY'>,
  embeddingDimensions?: number,
  warn?: (message: string) => void,
): SearchEngine {
  if (config.MEILI_URL) {
    return createMeiliEngine({
      url: config.MEILI_URL,
      masterKey: config.MEILI_MASTER_KEY,
      embedderDimensions: embeddingDimensions,
      warn,
    });
  }
  return createEmbeddedEngine();
}
