/**
 * `npm run test:meili` starts here: it fails — it does not skip — when MEILI_URL is unset or no
 * Meilisearch answers there, so a green run means the suite really ran on a server.
 */
import { Meilisearch } from 'meilisearch';

const url = process.env.MEILI_URL;
if (!url) {
  process.stderr.write(
    'test:meili: MEILI_URL 未设置（例如 MEILI_URL=http://127.0.0.1:7700 MEILI_MASTER_KEY=… npm run test:meili）\n',
  );
  process.exit(1);
}
try {
  const client = new Meilisearch({ host: url, apiKey: process.env.MEILI_MASTER_KEY || undefined, timeout: 5000 });
  const { status } = await client.health();
  const { pkgVersion } = await client.getVersion();
  process.stdout.write(`test:meili: Meilisearch ${pkgVersion} at ${url} is ${status}\n`);
} catch (error) {
  process.stderr.write(
    `test:meili: no Meilisearch answers at ${url}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
