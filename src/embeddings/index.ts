/** Builds the embeddings provider from the configuration, or none when EMBEDDINGS_BASE_URL is unset. */
import type { Config } from '../config.js';
import { createOpenAIEmbeddings } from './openai.js';
import type { EmbeddingsProvider } from './provider.js';

export function embeddingsFromConfig(
  config: Pick<Config, 'EMBEDDINGS_BASE_URL' | 'EMBEDDINGS_API_KEY' | 'EMBEDDINGS_MODEL'>,
): EmbeddingsProvider | undefined {
  if (!config.EMBEDDINGS_BASE_URL) return undefined;
  return createOpenAIEmbeddings({
    baseURL: config.EMBEDDINGS_BASE_URL,
    apiKey: config.EMBEDDINGS_API_KEY,
    model: config.EMBEDDINGS_MODEL ?? 'text-embedding-3-small',
  });
}

export type { EmbeddingsProvider } from './provider.js';
export { cosine, EmbeddingsError } from './provider.js';
