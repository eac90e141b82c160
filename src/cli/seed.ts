/** `npm run seed`: loads the demo dataset idempotently (records that exist are left alone). */
import { loadConfig } from '../config.js';
import { openStore } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadSeeds } from '../../seeds/load.js';

const config = loadConfig();
const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  await migrateToLatest(store.db);
  const summary = await loadSeeds(store.db);
  console.log(`演示数据（${store.mode}）：`, summary);
} finally {
  await store.close();
}
