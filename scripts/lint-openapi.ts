/**
 * `npm run lint:openapi`: writes the live /openapi.json to a temporary file and runs `redocly lint`
 * with redocly.yaml (the recommended rules, missing operationIds as errors). Exits non-zero on any error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from './openapi-document.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cxy-openapi-'));
const file = path.join(dir, 'openapi.json');
try {
  writeFileSync(file, JSON.stringify(await openApiDocument(), null, 2));
  const redocly = path.join(root, 'node_modules', '.bin', 'redocly');
  const result = spawnSync(redocly, ['lint', file, '--config', path.join(root, 'redocly.yaml')], {
    stdio: 'inherit',
    cwd: root,
  });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
