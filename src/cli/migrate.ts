/** `npm run migrate`: brings the configured database to the latest schema. */
import { loadConfig } from '../config.js';
import { openStore } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

const config = loadConfig();
const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  const applied = await migrateToLatest(store.db, (line) => console.log(line));
  console.log(applied.length ? `已应用 ${applied.length} 个迁移（${store.mode}）` : `数据库已是最新（${store.mode}）`);
} finally {
  await store.close();
}
