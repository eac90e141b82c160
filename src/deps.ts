/**
 * The app's dependencies — database, search engine and indexer, import runner, optional
 * embeddings and chat model, clock, logger — and `buildDeps`, the one place they are wired
 * together. The runtime (server, CLI, benchmarks) and the tests both build them here.
 */
import type { Kysely } from 'kysely';
import { createTokenCache, type TokenCache } from './auth/token-cache.js';
import type { DatabaseMode, Store } from './db/database.js';
import type { Database } from './db/tables.js';
import type { EmbeddingsProvider } from './embeddings/provider.js';
import type { ChatModel } from './llm/provider.js';
import type { RateLimits } from './http/rate-limit.js';
import type { Logger } from './logger.js';
import { createImportRunner, type ImportRunner } from './modules/imports/runner.js';
import { createIndexer, type Indexer } from './search/indexer.js';
import { EmbeddedSearchEngine } from './search/embedded/engine.js';
import type { SearchEngine } from './search/port.js';
import { createSnapshotKeeper } from './search/snapshots.js';

export interface AppDeps {
  db: Kysely<Database>;
  dbMode: DatabaseMode;
  config: {
    adminToken?: string;
    bodyLimit: number;
    importLimit: number;
    /** PUBLIC_URL: the address people open; activation links use it, https makes cookies Secure. */
    publicUrl?: string;
    /** TRUST_PROXY=true: the caller's address is the last X-Forwarded-For entry, set by our proxy. */
    trustProxy?: boolean;
    /** Absent: nothing is rate limited (tests that do not test limits). */
    rateLimits?: RateLimits;
  };
  /** The derived search index and the indexer that keeps it in step with the outbox. */
  search: { engine: SearchEngine; indexer: Indexer };
  /** Runs spreadsheet imports in the background. */
  imports: ImportRunner;
  /** Present when an embeddings endpoint is configured. */
  embeddings?: EmbeddingsProvider;
  /** Present when a chat model is configured; only polishes the drafted work summary. */
  llm?: ChatModel;
  /** The clock, injectable so tests can pin "today". */
  now: () => Date;
  logger: Logger;
  /** Bearer tokens resolved to their actor for a few seconds; forgotten when a user changes. */
  tokens: TokenCache;
}

export interface DepsParts {
  /** An open, migrated store. */
  store: Store;
  /** A search engine whose settings are applied (`init()` done). */
  engine: SearchEngine;
  config: AppDeps['config'];
  logger: Logger;
  embeddings?: EmbeddingsProvider;
  llm?: ChatModel;
  now?: () => Date;
  /** The embedded engine's index snapshots: kept in `dir`, written every `everyMs` while the index changes. */
  searchSnapshots?: { dir: string; everyMs: number };
  /** Waits before each retry of a failed import batch (tests shorten them). */
  importRetryDelaysMs?: readonly number[];
}

/** Wires the indexer and the import runner onto the store and the engine. Starts nothing. */
export function buildDeps(parts: DepsParts): AppDeps {
  const { store, engine, embeddings, logger } = parts;
  const now = parts.now ?? (() => new Date());
  const snapshots =
    parts.searchSnapshots && engine instanceof EmbeddedSearchEngine
      ? createSnapshotKeeper({
          db: store.db,
          engine,
          dir: parts.searchSnapshots.dir,
          logger,
          embeddingsModel: embeddings?.model ?? null,
        })
      : undefined;
  const indexer = createIndexer({
    db: store.db,
    engine,
    embeddings,
    logger,
    ...(snapshots ? { snapshots, snapshotEveryMs: parts.searchSnapshots!.everyMs } : {}),
  });
  const imports = createImportRunner({
    db: store.db,
    dbMode: store.mode,
    logger,
    now,
    onBatch: () => indexer.poke(),
    ...(parts.importRetryDelaysMs ? { retryDelaysMs: parts.importRetryDelaysMs } : {}),
  });
  return {
    db: store.db,
    dbMode: store.mode,
    config: parts.config,
    search: { engine, indexer },
    imports,
    embeddings,
    llm: parts.llm,
    now,
    logger,
    tokens: createTokenCache(),
  };
}

/** Stops what `buildDeps` wired (imports, then the indexer) and closes the engine; the store is the caller's. */
export async function stopDeps(deps: AppDeps): Promise<void> {
  await deps.imports.stop();
  await deps.search.indexer.stop();
  await deps.search.engine.close();
}
