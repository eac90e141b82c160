/**
 * Opens everything the service runs on — the database (migrated), the search engine (settings
 * applied), the embeddings provider and the indexer — and returns the app's dependencies.
 * The server, the CLI commands and the benchmarks all start through here.
 */
import { type Config, rateLimitsOf, searchSnapshotDir } from './config.js';
import { openStore, type Store } from './db/database.js';
import { cursorKeyFor } from './db/cursor-key.js';
import { migrateToLatest } from './db/migrate.js';
import { useCursorKey } from './db/pagination.js';
import { buildDeps, stopDeps, type AppDeps } from './deps.js';
import { embeddingsFromConfig } from './embeddings/index.js';
import { chatModelFromConfig } from './llm/index.js';
import type { Logger } from './logger.js';
import { searchEngineFromConfig } from './search/index.js';

export interface Runtime {
  store: Store;
  deps: AppDeps;
  close(): Promise<void>;
}

export async function openRuntime(
  config: Config,
  logger: Logger,
  opts: { adminToken?: string } = {},
): Promise<Runtime> {
  const store = await openStore({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    onIdleError: (err) => logger.warn('database connection lost; the next query reconnects', { error: err.message }),
  });
  await migrateToLatest(store.db, (line) => logger.info(line));
  useCursorKey(await cursorKeyFor(store.db, config.CURSOR_SECRET));
  const engine = searchEngineFromConfig(config, config.EMBEDDINGS_DIMENSIONS, (message) => logger.warn(message));
  await engine.init();
  const snapshotDir = searchSnapshotDir(config);
  const deps = buildDeps({
    store,
    engine,
    config: {
      adminToken: opts.adminToken ?? config.ADMIN_TOKEN,
      bodyLimit: config.BODY_LIMIT,
      importLimit: config.IMPORT_LIMIT,
      publicUrl: config.PUBLIC_URL,
      trustProxy: config.TRUST_PROXY,
      rateLimits: rateLimitsOf(config),
    },
    logger,
    embeddings: embeddingsFromConfig(config),
    llm: chatModelFromConfig(config),
    ...(snapshotDir
      ? { searchSnapshots: { dir: snapshotDir, everyMs: config.SEARCH_SNAPSHOT_INTERVAL_S * 1000 } }
      : {}),
  });
  return {
    store,
    deps,
    async close() {
      await stopDeps(deps);
      await store.close();
    },
  };
}
