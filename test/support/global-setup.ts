/**
 * Once per test run on the embedded store: a migrated PGlite is dumped to a file, and every test
 * file starts its own database from that dump (about 4× faster than initialising a new cluster).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) return;
  const pglite = await PGlite.create();
  await migrateToLatest(new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) }));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cxy-pglite-template-'));
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
  await pglite.close();
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
