/**
 * A fresh, migrated database per test file: an in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL (dropped again at the end).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Store } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const storeMode = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export async function freshStore(): Promise<Store> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const template = inject('pgliteTemplate');
    if (template) return openPglite(undefined, { loadDataDir: new Blob([readFileSync(template)]) });
    const store = await openPglite();
    await migrateToLatest(store.db);
    return store;
  }
  const name = `cxy_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const store = openPostgres(target.toString(), 5);
  await migrateToLatest(store.db);
  return {
    ...store,
    async close() {
      await store.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
