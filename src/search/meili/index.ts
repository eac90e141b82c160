/** The Meilisearch search engine (used when MEILI_URL is set). */
export { createMeiliEngine, type MeiliEngineOptions } from './engine.js';
