/**
 * Port documents as Meilisearch documents: fields copied as they are, the hidden sub-terms field,
 * and — when embeddings are on — the vector under `_vectors.default` as `{embeddings, regenerate:
 * false}`, or `null` to opt a document out (a userProvided embedder rejects documents that say
 * nothing about their vector). Uploads are cut into batches by payload size, not by count.
 */
import { SearchEngineError, type SearchDocument } from '../port.js';
import { EMBEDDER } from './settings.js';
import { searchableTexts, SUBTERMS_FIELD, type SubtermIndex } from './subterms.js';

/**
 * Bytes of JSON per addDocuments call. Meilisearch refuses payloads over 100 MB by default; one
 * 3,072-dimension vector alone is 40–70 KB of JSON, so counting documents cannot bound this.
 */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;
/** And documents per call, so small documents still go in tasks of a reasonable size. */
export const MAX_BATCH_DOCUMENTS = 5000;

export type MeiliDocument = Record<string, unknown>;

export interface DocumentOptions {
  embedderDimensions: number | undefined;
  /** The index's searchable attributes, whose text the sub-terms are taken from. */
  searchableAttributes: readonly string[];
  subterms: SubtermIndex;
}

export function toMeiliDocuments(
  docs: readonly SearchDocument[],
  vectors: ReadonlyMap<string, readonly number[]> | undefined,
  options: DocumentOptions,
): MeiliDocument[] {
  const { embedderDimensions } = options;
  return docs.map((doc) => {
    const out: MeiliDocument = {};
    for (const [k, v] of Object.entries(doc)) {
      if (k.startsWith('_') || k === SUBTERMS_FIELD) {
        throw new SearchEngineError('task_failed', `文档 ${doc.id} 的字段名 ${k} 与 Meilisearch 保留字段冲突`);
      }
      if (v !== undefined) out[k] = v;
    }
    out[SUBTERMS_FIELD] = options.subterms.of(searchableTexts(doc, options.searchableAttributes));
    if (embedderDimensions === undefined) return out;
    const vector = vectors?.get(doc.id);
    if (vector && (vector.length !== embedderDimensions || !vector.every(Number.isFinite))) {
      throw new SearchEngineError(
        'task_failed',
        `文档 ${doc.id} 的向量维度为 ${vector.length}，应为 ${embedderDimensions} 个有限数`,
      );
    }
    out._vectors = { [EMBEDDER]: vector ? { embeddings: [...vector], regenerate: false } : null };
    return out;
  });
}

/** Documents as JSON array payloads of at most `maxBytes` (a single larger document goes alone). */
export function* payloadBatches(
  docs: readonly MeiliDocument[],
  maxBytes = MAX_BATCH_BYTES,
  maxDocs = MAX_BATCH_DOCUMENTS,
): Generator<string> {
  let parts: string[] = [];
  let bytes = 2;
  for (const doc of docs) {
    const json = JSON.stringify(doc);
    const size = Buffer.byteLength(json) + 1;
    if (parts.length && (bytes + size > maxBytes || parts.length >= maxDocs)) {
      yield `[${parts.join(',')}]`;
      parts = [];
      bytes = 2;
    }
    parts.push(json);
    bytes += size;
  }
  if (parts.length) yield `[${parts.join(',')}]`;
}
