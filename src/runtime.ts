/**
 * Opens everything the service runs on — the database (migrated), the search engine (settings
 * applied), the embeddings provider and the indexer — and returns the app's dependencies.
 * The server, the CLI commands and the benchmarks all start through here.
 */
import type { Config } from './config.js';
import { openStore, type Store } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { embeddingsFromConfig } from './embeddings/index.js';
import type { AppDeps, Logger } from './http/env.js';
import { chatModelFromConfig } from './llm/index.js';
import { searchEngineFromConfig } from './search/index.js';
import { createIndexer } from './search/indexer.js';
import { createImportRunner } from './modules/imports/runner.js';

export interface Runtime {
  store: Store;
  deps: AppDeps;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, logger: Logger, opts: { adminToken?: string } = {}): Promise<Runtime> {
  const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, onIdleError: (err) => logger.warn('database connection lost; the next query reconnects', { error: err.message }) });
  await migrateToLatest(store.db, (line) => logger.info(line));
  const embeddings = embeddingsFromConfig(config);
  const engine = searchEngineFromConfig(config, config.EMBEDDINGS_DIMENSIONS, (message) => logger.warn(message));
  await engine.init();
  const indexer = createIndexer({ db: store.db, engine, embeddings, logger });
  const now = () => new Date();
  const imports = createImportRunner({ db: store.db, logger, now, onBatch: () => indexer.poke() });
  const deps: AppDeps = {
    db: store.db,
    dbMode: store.mode,
    config: { adminToken: opts.adminToken ?? config.ADMIN_TOKEN, bodyLimit: config.BODY_LIMIT, importLimit: config.IMPORT_LIMIT, publicUrl: config.PUBLIC_URL },
    imports,
    search: { engine, indexer },
    embeddings,
    llm: chatModelFromConfig(config),
    now,
    logger,
  };
  return {
    store,
    deps,
    async close() {
      await imports.stop();
      await indexer.stop();
      await engine.close();
      await store.close();
    },
  };
}
