/** The embeddings client against a loopback OpenAI-compatible server, and the database cache. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/database.js';
import { cachedEmbeddings } from '../../src/embeddings/cache.js';
import { createOpenAIEmbeddings } from '../../src/embeddings/openai.js';
import { cosine, EmbeddingsError } from '../../src/embeddings/provider.js';
import { charVector, startEmbeddingsServer, type EmbeddingsServer } from '../support/embeddings-server.js';
import { freshStore, storeMode } from '../support/store.js';

let server: EmbeddingsServer;
let store: Store;
beforeAll(async () => {
  [server, store] = await Promise.all([startEmbeddingsServer(16), freshStore()]);
});
afterAll(async () => {
  await server.close();
  await store.close();
});

describe(`embeddings client (${storeMode})`, () => {
  it('embeds in batches, in order, with the API key and model', async () => {
    const provider = createOpenAIEmbeddings({
      baseURL: server.url,
      apiKey: 'sk-test',
      model: 'test-embed',
      batchSize: 2,
    });
    const before = server.requests.length;
    const texts = ['锂离子电池', '机器视觉', '可编程逻辑控制器'];
    const vectors = await provider.embed(texts);
    expect(vectors).toEqual(texts.map((t) => charVector(t, 16)));
    const made = server.requests.slice(before);
    expect(made.map((r) => r.input.length)).toEqual([2, 1]);
    expect(made.every((r) => r.model === 'test-embed' && r.authorization === 'Bearer sk-test')).toBe(true);
  });

  it('retries a transient failure', async () => {
    const provider = createOpenAIEmbeddings({ baseURL: server.url, model: 'test-embed', maxRetries: 2 });
    server.failNext(503, 1);
    const [v] = await provider.embed(['重试']);
    expect(v).toEqual(charVector('重试', 16));
  });

  it('raises EmbeddingsError when the endpoint keeps failing', async () => {
    const provider = createOpenAIEmbeddings({ baseURL: server.url, model: 'test-embed', maxRetries: 0 });
    server.failNext(500, 1);
    await expect(provider.embed(['失败'])).rejects.toBeInstanceOf(EmbeddingsError);
  });

  it('caches by model and content hash: a text is embedded once', async () => {
    const provider = createOpenAIEmbeddings({ baseURL: server.url, model: 'cache-model' });
    const first = await cachedEmbeddings(store.db, provider, ['甲文本', '乙文本', '甲文本']);
    expect(first[0]).toEqual(first[2]);
    const count = server.embedded.length;
    const again = await cachedEmbeddings(store.db, provider, ['乙文本', '甲文本', '丙文本']);
    expect(server.embedded.slice(count)).toEqual(['丙文本']);
    expect(again[0]).toEqual(first[1]);
    const other = createOpenAIEmbeddings({ baseURL: server.url, model: 'other-model' });
    await cachedEmbeddings(store.db, other, ['甲文本']);
    expect(server.embedded.at(-1)).toBe('甲文本');
  });

  it('cosine similarity', () => {
    expect(cosine([1, 0], [1, 0])).toBeCloseTo(1);
    expect(cosine([1, 0], [0, 1])).toBeCloseTo(0);
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(cosine([1], [1, 2])).toBe(0);
  });
});
