/** `npm run restore -- <file> [--force]`: restores a backup into the configured database (stop the server first). */
import { loadConfig } from '../config.js';
import { restoreStore } from '../db/backup.js';

const config = loadConfig();
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('用法：npm run restore -- <备份文件> [--force]');
  process.exit(2);
}
try {
  const { mode, keptAside } = await restoreStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }, file, {
    force: args.includes('--force'),
  });
  console.log(
    `已恢复（${mode}）：${file}${keptAside ? `；原数据目录保留在 ${keptAside}` : ''}。启动后搜索索引会从数据库重建（Meilisearch 请运行 npm run reindex）。`,
  );
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}
