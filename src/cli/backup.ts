/** `npm run backup -- [file]`: backs up the configured database (embedded: stop the server first). */
import { loadConfig } from '../config.js';
import { backupStore, defaultBackupFile } from '../db/backup.js';

const config = loadConfig();
const target = { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR };
const file = process.argv[2] ?? defaultBackupFile(target);
try {
  const { mode, bytes } = await backupStore(target, file);
  console.log(`已备份（${mode}）：${file}（${(bytes / 1024).toFixed(0)} KB）`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}
