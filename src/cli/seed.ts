/** `npm run seed`: loads the demo dataset idempotently (records that exist are left alone) and indexes it. */
import { loadSeeds } from '../../seeds/load.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openRuntime } from '../runtime.js';

const config = loadConfig();
const runtime = await openRuntime(config, createLogger('warn'));
try {
  const summary = await loadSeeds(runtime.deps);
  const indexed = await runtime.deps.search.indexer.drain();
  console.log(`演示数据（${runtime.store.mode}）：`, summary, `已同步搜索索引 ${indexed} 条变更`);
} finally {
  await runtime.close();
}
