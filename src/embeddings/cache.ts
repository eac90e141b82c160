/**
 * Embeddings cached in the database by (model, content hash): a text is embedded once, whatever
 * record or reindex asks for it again. Misses are embedded in one batched call.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import type { EmbeddingsProvider } from './provider.js';

export const contentHash = (text: string) => createHash('sha256').update(text).digest('hex');

/** Vectors for the texts, in order; calls the provider only for texts not cached yet. */
export async function cachedEmbeddings(
  db: Kysely<Database>,
  provider: EmbeddingsProvider,
  texts: readonly string[],
): Promise<number[][]> {
  const hashes = texts.map(contentHash);
  const unique = [...new Set(hashes)];
  const found = new Map<string, number[]>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('embeddings')
      .select(['contentHash', 'vector'])
      .where('model', '=', provider.model)
      .where('contentHash', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.contentHash, r.vector);
  }
  const missing = unique.filter((h) => !found.has(h));
  if (missing.length) {
    const textOf = new Map(hashes.map((h, i) => [h, texts[i]!]));
    const vectors = await provider.embed(missing.map((h) => textOf.get(h)!));
    await db
      .insertInto('embeddings')
      .values(
        missing.map((h, i) => ({
          model: provider.model,
          contentHash: h,
          dimensions: vectors[i]!.length,
          vector: vectors[i]!,
        })),
      )
      .onConflict((oc) => oc.columns(['model', 'contentHash']).doNothing())
      .execute();
    missing.forEach((h, i) => found.set(h, vectors[i]!));
  }
  return hashes.map((h) => found.get(h)!);
}
