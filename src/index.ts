/**
 * Entry: read the configuration, open the runtime (database, search engine, indexer), load the
 * demo data into an empty embedded database, bring the search index in line with the database, and serve.
 */
import type http from 'node:http';
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
  logger.info('database opened', {
    mode: store.mode,
    search: deps.search.engine.kind,
    embeddings: deps.embeddings?.model ?? null,
    llm: deps.llm?.model ?? null,
  });

  if (await shouldSeedAtStart(store, config)) {
    const summary = await loadSeeds(deps);
    const file = saveDemoAccounts(config.DATA_DIR, await createDemoUsers(deps));
    logger.info('demo data loaded', { ...summary, demoAccounts: file });
  }

  // The in-process index is built before serving; a Meilisearch index that is new, wiped or due for
  // new settings is rebuilt by the indexer in the background while the old one (if any) serves.
  // Started from a snapshot, it first reads the changes made since it was written.
  if (deps.search.engine.kind === 'embedded') {
    await deps.search.indexer.reconcile();
    await deps.search.indexer.drain();
  }
  deps.search.indexer.start();
  // Imports a previous process left queued or running carry on from their last finished batch.
  const resumed = await deps.imports.resumeUnfinished();
  if (resumed) logger.info('resuming unfinished imports', { jobs: resumed });

  deps.imports.watch();

  const lifecycle = { draining: false };
  const app = createApp(deps, lifecycle);
  const server = serve(
    { fetch: app.fetch, port: config.PORT, ...(config.HOST ? { hostname: config.HOST } : {}) },
    (info) => {
      logger.info(`产学研对接平台已启动 ${config.PUBLIC_URL ?? `http://localhost:${info.port}`}  (API 文档 /docs)`, {
        port: info.port,
      });
      // Demo accounts only exist in a demo database; print them on every start so nobody has to look them up.
      const demo = store.mode === 'pglite' ? readDemoAccounts(config.DATA_DIR) : [];
      if (demo.length) {
        const lines = demo.map(
          (a) => `  ${a.name.padEnd(10, '　')}  登录名 ${a.loginName.padEnd(16)} 密码 ${a.password}`,
        );
        process.stdout.write(`\n演示账户（亦见 ${config.DATA_DIR}/demo-accounts.json）：\n${lines.join('\n')}\n\n`);
      }
    },
  ) as http.Server;

  // SIGTERM: stop accepting, let requests in flight finish (at most SHUTDOWN_GRACE_MS), stop the
  // import runner and the indexer after their batch in flight, then close the database.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    lifecycle.draining = true;
    logger.info('shutting down', { signal, graceMs: config.SHUTDOWN_GRACE_MS });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive connections with no request in flight would hold close() open.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    const grace = setTimeout(() => {
      logger.warn('grace period over: closing connections still open');
      server.closeAllConnections();
    }, config.SHUTDOWN_GRACE_MS);
    const work = Promise.all([deps.imports.stop(), deps.search.indexer.stop()]);
    await closed;
    clearInterval(idle);
    clearTimeout(grace);
    await work;
    await runtime.close();
    logger.info('stopped', { signal });
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(
    err instanceof ConfigError
      ? `${err.message}\n`
      : `启动失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
