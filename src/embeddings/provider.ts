/** The embeddings capability: turns texts into vectors. Optional — without it matching is text-only. */

export interface EmbeddingsProvider {
  /** Model name; cached vectors are keyed by it. */
  readonly model: string;
  /** One vector per text, in order. Throws EmbeddingsError. */
  embed(texts: readonly string[]): Promise<number[][]>;
}

export class EmbeddingsError extends Error {
  override name = 'EmbeddingsError';
}

/** Cosine similarity; 0 for a zero vector or mismatched lengths. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}
