/**
 * The search engine a test runs on: the embedded engine, or — when MEILI_URL is set — Meilisearch,
 * with indexes of its own (a unique prefix) deleted again when the test is done. Every API test and
 * the match-quality test take their engine from here, so `npm run test:meili` runs them all on a server.
 */
import { randomBytes } from 'node:crypto';
import { Meilisearch } from 'meilisearch';
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import { createMeiliEngine } from '../../src/search/meili/index.js';
import type { SearchEngine } from '../../src/search/port.js';

export const engineMode = process.env.MEILI_URL ? 'meilisearch' : 'embedded';

export interface TestEngine {
  engine: SearchEngine;
  /** Deletes what the test left on a shared server. */
  dispose(): Promise<void>;
}

export function testEngine(): TestEngine {
  const url = process.env.MEILI_URL;
  if (!url) return { engine: createEmbeddedEngine(), dispose: async () => undefined };
  const masterKey = process.env.MEILI_MASTER_KEY || undefined;
  const prefix = `t_${randomBytes(5).toString('hex')}_`;
  return {
    engine: createMeiliEngine({ url, masterKey, indexPrefix: prefix }),
    async dispose() {
      const client = new Meilisearch({ host: url, apiKey: masterKey });
      const { results } = await client.getRawIndexes({ limit: 1000 });
      for (const { uid } of results.filter((i) => i.uid.startsWith(prefix)))
        await client.deleteIndex(uid).waitTask({ timeout: 60_000 });
    },
  };
}
