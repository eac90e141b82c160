/**
 * Entry: read the configuration, open the runtime (database, search engine, indexer), load the
 * demo data into an empty embedded database, bring the search index in line with the database, and serve.
 */
import { serve } from '@hono/node-server';
import { createDemoUsers, loadSeeds, shouldSeedAtStart } from '../seeds/load.js';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { readDemoAccounts, resolveAdminToken, saveDemoAccounts } from './local-secrets.js';
import { createLogger } from './logger.js';
import { openRuntime } from './runtime.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const adminToken = resolveAdminToken(config, config.DATABASE_URL ? 'postgres' : 'pglite', logger);
  const runtime = await openRuntime(config, logger, { adminToken });
  const { deps, store } = runtime;
  logger.info('database opened', { mode: store.mode, search: deps.search.engine.kind, embeddings: deps.embeddings?.model ?? null, llm: deps.llm?.model ?? null });

  if (await shouldSeedAtStart(store, config)) {
    const summary = await loadSeeds(deps);
    const file = saveDemoAccounts(config.DATA_DIR, await createDemoUsers(deps));
    logger.info('demo data loaded', { ...summary, demoAccounts: file });
  }

  // The in-process index is built before serving; a Meilisearch index that is new, wiped or due for
  // new settings is rebuilt by the indexer in the background while the old one (if any) serves.
  if (deps.search.engine.kind === 'embedded') await deps.search.indexer.reconcile();
  deps.search.indexer.start();
  // Imports a previous process left queued or running carry on from their last finished batch.
  const resumed = await deps.imports.resumeUnfinished();
  if (resumed) logger.info('resuming unfinished imports', { jobs: resumed });

  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port: config.PORT }, (info) => {
    logger.info(`产学研对接平台已启动 ${config.PUBLIC_URL ?? `http://localhost:${info.port}`}  (API 文档 /docs)`);
    // Demo accounts only exist in a demo database; print them on every start so nobody has to look them up.
    const demo = store.mode === 'pglite' ? readDemoAccounts(config.DATA_DIR) : [];
    if (demo.length) {
      const lines = demo.map((a) => `  ${a.name.padEnd(10, '　')}  登录名 ${a.loginName.padEnd(16)} 密码 ${a.password}`);
      process.stdout.write(`\n演示账户（亦见 ${config.DATA_DIR}/demo-accounts.json）：\n${lines.join('\n')}\n\n`);
    }
  });

  const shutdown = async (signal: string) => {
    logger.info('shutting down', { signal });
    server.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `启动失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
