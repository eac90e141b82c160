/**
 * The live OpenAPI document without a server: the real app built on an in-memory embedded
 * database answers GET /openapi.json. Used by `npm run lint:openapi`; prints the JSON when run alone.
 */
import { createApp } from '../src/app.js';
import { createTokenCache } from '../src/auth/token-cache.js';
import { openPglite } from '../src/db/database.js';
import { createImportRunner } from '../src/modules/imports/runner.js';
import { createEmbeddedEngine } from '../src/search/embedded/index.js';
import { createIndexer } from '../src/search/indexer.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const store = await openPglite();
  const engine = createEmbeddedEngine();
  const now = () => new Date();
  const indexer = createIndexer({ db: store.db, engine, logger: quiet });
  const imports = createImportRunner({ db: store.db, logger: quiet, now, onBatch: () => indexer.poke() });
  try {
    const app = createApp({
      db: store.db,
      dbMode: store.mode,
      config: { adminToken: undefined, bodyLimit: 1024 * 1024, importLimit: 1024 * 1024 },
      search: { engine, indexer },
      imports,
      now,
      logger: quiet,
      tokens: createTokenCache(),
    });
    const res = await app.request('/openapi.json');
    if (!res.ok) throw new Error(`GET /openapi.json answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  } finally {
    await imports.stop();
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  process.stdout.write(`${JSON.stringify(await openApiDocument(), null, 2)}\n`);
