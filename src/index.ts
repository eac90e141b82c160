/**
 * Entry: read the configuration, open the database (PostgreSQL or embedded PGlite), migrate,
 * load the demo data into an empty embedded database, and serve.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openStore } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createLogger } from './logger.js';
import { createDemoUsers, loadSeeds, shouldSeedAtStart } from '../seeds/load.js';
import { resolveAdminToken, saveDemoTokens } from './local-secrets.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  logger.info('database opened', { mode: store.mode, ...(store.mode === 'pglite' ? { dataDir: config.DATA_DIR } : {}) });
  await migrateToLatest(store.db, (line) => logger.info(line));

  if (await shouldSeedAtStart(store, config)) {
    const summary = await loadSeeds(store.db);
    const file = saveDemoTokens(config.DATA_DIR, await createDemoUsers(store.db));
    logger.info('demo data loaded', { ...summary, demoTokens: file });
  }

  const adminToken = resolveAdminToken(config, store.mode, logger);

  const app = createApp({
    db: store.db,
    dbMode: store.mode,
    config: { adminToken, bodyLimit: config.BODY_LIMIT },
    now: () => new Date(),
    logger,
  });

  const server = serve({ fetch: app.fetch, port: config.PORT }, (info) => {
    logger.info(`产学研对接平台已启动 http://localhost:${info.port}  (API 文档 /docs)`);
  });

  const shutdown = async (signal: string) => {
    logger.info('shutting down', { signal });
    server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`启动失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
