/**
 * Any OpenAI-compatible embeddings endpoint through the official `openai` client
 * (EMBEDDINGS_BASE_URL, EMBEDDINGS_API_KEY, EMBEDDINGS_MODEL). Batches requests; the client retries.
 */
import OpenAI from 'openai';
import { EmbeddingsError, type EmbeddingsProvider } from './provider.js';

export interface OpenAIEmbeddingsOptions {
  baseURL: string;
  apiKey?: string;
  model: string;
  /** Texts per request. */
  batchSize?: number;
  maxRetries?: number;
  timeoutMs?: number;
}

export function createOpenAIEmbeddings(opts: OpenAIEmbeddingsOptions): EmbeddingsProvider {
  const client = new OpenAI({
    baseURL: opts.baseURL,
    apiKey: opts.apiKey ?? 'not-needed',
    maxRetries: opts.maxRetries ?? 2,
    timeout: opts.timeoutMs ?? 30_000,
  });
  const batchSize = opts.batchSize ?? 64;
  return {
    model: opts.model,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = texts.slice(i, i + batchSize);
        let res;
        try {
          res = await client.embeddings.create({ model: opts.model, input: [...batch], encoding_format: 'float' });
        } catch (err) {
          throw new EmbeddingsError(`向量服务调用失败：${err instanceof Error ? err.message : String(err)}`, {
            cause: err,
          });
        }
        const byIndex = [...res.data].sort((a, b) => a.index - b.index);
        if (byIndex.length !== batch.length)
          throw new EmbeddingsError(`向量服务返回 ${byIndex.length} 条，应为 ${batch.length} 条`);
        for (const d of byIndex) {
          if (!Array.isArray(d.embedding) || d.embedding.length === 0)
            throw new EmbeddingsError('向量服务返回了空向量');
          out.push(d.embedding);
        }
      }
      return out;
    },
  };
}
