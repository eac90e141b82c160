/**
 * `npm run reindex`: rebuilds the search indexes from the database (with Meilisearch into new
 * indexes swapped in atomically), printing progress.
 */
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openRuntime } from '../runtime.js';

const config = loadConfig();
const runtime = await openRuntime(config, createLogger('warn'));
try {
  const started = performance.now();
  const counts = await runtime.deps.search.indexer.rebuild((index, done) => {
    process.stdout.write(`\r重建 ${index} 索引：已读取 ${done} 条`);
  });
  process.stdout.write('\n');
  console.log(
    `重建完成（${runtime.deps.search.engine.kind}）：难题 ${counts.problems} 条，实验室 ${counts.labs} 条，用时 ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  await runtime.close();
}
