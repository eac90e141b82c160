/**
 * The search contract on a real Meilisearch (MEILI_URL, and MEILI_MASTER_KEY when the server has one).
 * Each run uses its own index prefix and deletes its indexes afterwards.
 */
import { Meilisearch } from 'meilisearch';
import { afterAll, describe } from 'vitest';
import { createMeiliEngine } from '../../src/search/meili/index.js';
import { engineContract } from './contract.js';
import { LAB_VECTORS } from './contract-fixtures.js';

const url = process.env.MEILI_URL;
const apiKey = process.env.MEILI_MASTER_KEY || undefined;
const runPrefix = `test_${process.pid}_${Date.now().toString(36)}_`;
const dimensions = [...LAB_VECTORS.values()][0]!.length;

describe.skipIf(!url)(
  'Meilisearch engine — skipped: MEILI_URL is not set, so there is no Meilisearch server to run the contract against',
  () => {
    let engines = 0;
    engineContract('meilisearch', async () =>
      createMeiliEngine({
        url: url!,
        masterKey: apiKey,
        indexPrefix: `${runPrefix}${engines++}_`,
        embedderDimensions: dimensions,
      }),
    );

    afterAll(async () => {
      const client = new Meilisearch({ host: url!, apiKey });
      const { results } = await client.getRawIndexes({ limit: 1000 });
      for (const { uid } of results.filter((i) => i.uid.startsWith(runPrefix)))
        await client.deleteIndex(uid).waitTask({ timeout: 60_000 });
    });
  },
);
