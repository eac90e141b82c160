/**
 * Port documents as Meilisearch documents: fields copied as they are, and — when embeddings are
 * on — the vector under `_vectors.default` as `{embeddings, regenerate: false}`, or `null` to opt a
 * document out (a userProvided embedder rejects documents that say nothing about their vector).
 */
import { SearchEngineError, type SearchDocument } from '../port.js';
import { EMBEDDER } from './settings.js';

/** Documents per addDocuments call: keeps each payload far below Meilisearch's 100 MB limit. */
export const BATCH_SIZE = 2000;

export type MeiliDocument = Record<string, unknown>;

export function toMeiliDocuments(
  docs: readonly SearchDocument[],
  vectors: ReadonlyMap<string, readonly number[]> | undefined,
  embedderDimensions: number | undefined,
): MeiliDocument[] {
  return docs.map((doc) => {
    const out: MeiliDocument = {};
    for (const [k, v] of Object.entries(doc)) {
      if (k.startsWith('_')) throw new SearchEngineError('task_failed', `文档 ${doc.id} 的字段名 ${k} 以下划线开头，与 Meilisearch 保留字段冲突`);
      if (v !== undefined) out[k] = v;
    }
    if (embedderDimensions === undefined) return out;
    const vector = vectors?.get(doc.id);
    if (vector && (vector.length !== embedderDimensions || !vector.every(Number.isFinite))) {
      throw new SearchEngineError('task_failed', `文档 ${doc.id} 的向量维度为 ${vector.length}，应为 ${embedderDimensions} 个有限数`);
    }
    out._vectors = { [EMBEDDER]: vector ? { embeddings: [...vector], regenerate: false } : null };
    return out;
  });
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
