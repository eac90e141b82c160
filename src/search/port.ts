/**
 * The search port: what the service needs from a search engine. Two implementations —
 * the in-process engine (src/search/embedded/) and Meilisearch (src/search/meili/) — apply the
 * same index definitions from the top-level search/ folder and pass one contract suite.
 */

export type IndexName = 'problems' | 'labs';
export const INDEX_NAMES: readonly IndexName[] = ['problems', 'labs'];

/** A flat document: scalars, string arrays, numbers (dates are epoch seconds). `id` is the primary key. */
export type FieldValue = string | number | boolean | null | string[];
export interface SearchDocument {
  id: string;
  [field: string]: FieldValue | undefined;
  /** Optional embedding for hybrid search; never returned in hits. */
  _vector?: never;
}

/** Filters are ANDed. Values come from validated input only; engines quote/escape them. */
export type Filter =
  | { field: string; op: 'in'; values: readonly (string | number | boolean)[] } // scalar equals any; array field contains any
  | { field: string; op: 'not_in'; values: readonly (string | number | boolean)[] }
  | { field: string; op: 'range'; gte?: number; lte?: number }
  | { field: string; op: 'exists'; value: boolean };

export interface SortSpec {
  field: string;
  direction: 'asc' | 'desc';
}

export interface SearchQuery {
  /** Free text; empty or absent means "everything that passes the filters". */
  q?: string;
  filters?: readonly Filter[];
  /** Explicit sort; absent means by relevance (then by id for stability). */
  sort?: readonly SortSpec[];
  /** Fields to count values of, over all hits that pass the filters. */
  facets?: readonly string[];
  limit: number;
  offset: number;
  /** Return highlighted snippets (<em>…</em>) of the searchable fields that matched. */
  highlight?: boolean;
  /**
   * 'all': every query term must match (Meilisearch's matchingStrategy "all");
   * 'any': documents matching any term, ranked by how many and how well (for matching, long queries).
   */
  matching?: 'all' | 'any';
  /** Hybrid search: the query's embedding, and the weight of semantic similarity (0–1). */
  vector?: readonly number[];
  semanticRatio?: number;
}

export interface SearchHit {
  id: string;
  /** Relevance in [0, 1], comparable within one result list. */
  score: number;
  document: Record<string, FieldValue>;
  /** The query terms (after segmentation and synonyms) this document matched. */
  matchedTerms: string[];
  /** Field → snippet with <em> marks, when `highlight` was asked for. */
  highlights?: Record<string, string>;
  /** Cosine similarity to `vector`, when given and the document has one. */
  semanticScore?: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Number of documents that match the query and filters (exact for the embedded engine; Meilisearch's estimate otherwise). */
  total: number;
  facets: Record<string, Record<string, number>>;
}

export interface EngineHealth {
  ok: boolean;
  engine: 'embedded' | 'meilisearch';
  detail?: string;
  documents?: Partial<Record<IndexName, number>>;
}

/** One page of a full reindex: documents and, when embeddings are on, their vectors. */
export interface IndexPage {
  docs: readonly SearchDocument[];
  vectors?: ReadonlyMap<string, readonly number[]>;
}

/** A whole index content given at once, as the one page of a reindex. */
export function onePage(
  docs: readonly SearchDocument[],
  vectors?: ReadonlyMap<string, readonly number[]>,
): IndexPage[] {
  return [{ docs, ...(vectors ? { vectors } : {}) }];
}

export interface SearchEngine {
  readonly kind: 'embedded' | 'meilisearch';
  /** Creates the indexes and applies the settings from search/ (idempotent). */
  init(): Promise<void>;
  /**
   * Why the index no longer reflects the database and must be rebuilt from it (null when it does):
   * an in-process index at start, a new or wiped Meilisearch index, or changed settings that only
   * a new index can apply. The indexer asks before each batch.
   */
  rebuildReason(): string | null;
  /** Adds or replaces documents by id. Vectors are passed beside the documents. */
  upsert(
    index: IndexName,
    docs: readonly SearchDocument[],
    vectors?: ReadonlyMap<string, readonly number[]>,
  ): Promise<void>;
  remove(index: IndexName, ids: readonly string[]): Promise<void>;
  /**
   * Replaces the whole index content atomically with the pages read from the database, streamed so
   * the corpus is never held twice (Meilisearch builds a new index and swaps it in).
   */
  replaceAll(index: IndexName, pages: AsyncIterable<IndexPage> | Iterable<IndexPage>): Promise<void>;
  search(index: IndexName, query: SearchQuery): Promise<SearchResult>;
  health(): Promise<EngineHealth>;
  close(): Promise<void>;
}

export type SearchErrorKind = 'unavailable' | 'invalid_query' | 'task_failed';

/** Adapters raise this; routes map 'unavailable' to 503 and 'invalid_query' to 400. */
export class SearchEngineError extends Error {
  override name = 'SearchEngineError';
  constructor(
    readonly kind: SearchErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
