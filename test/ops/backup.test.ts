/**
 * `npm run backup` / `npm run restore` on the store under test: the demo data is loaded into a store,
 * backed up through the CLI, restored through the CLI into a fresh store, and every table's row count
 * compared. Embedded by default; on PostgreSQL when DATABASE_URL is set (pg_dump / pg_restore).
 */
import { silentLogger as quiet } from '../../src/logger.js';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { createDemoUsers, loadSeeds } from '../../seeds/load.js';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/db/database.js';
import { openRuntime } from '../../src/runtime.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const work = mkdtempSync(path.join(os.tmpdir(), 'cxy-backup-'));
const adminUrl = process.env.DATABASE_URL;
const databases: string[] = [];

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  if (!adminUrl || !databases.length) return;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  for (const name of databases) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
});

/** A new, empty PostgreSQL database on the test server; its URL. */
async function newDatabase(): Promise<string> {
  const name = `cxy_b_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  databases.push(name);
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Rows per table of the public schema (the migrations' bookkeeping included). */
async function rowCounts(env: { DATABASE_URL?: string; DATA_DIR: string }): Promise<Record<string, number>> {
  const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(store.db);
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(store.db);
      counts[name] = rows[0]!.n;
    }
    return counts;
  } finally {
    await store.close();
  }
}

const cli = (script: 'backup' | 'restore', args: string[], env: Record<string, string | undefined>) =>
  execFileSync(tsx, [`src/cli/${script}.ts`, ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    stdio: 'pipe',
  });

describe(`backup and restore (${adminUrl ? 'postgres' : 'pglite'})`, () => {
  test('a backup restored into a fresh store holds the same rows', async () => {
    const source = { DATABASE_URL: adminUrl ? await newDatabase() : undefined, DATA_DIR: path.join(work, 'source') };
    const runtime = await openRuntime(loadConfig({ ...source, SEED_DEMO: 'false' }), quiet);
    await loadSeeds(runtime.deps);
    await createDemoUsers(runtime.deps);
    await runtime.close();
    const before = await rowCounts(source);
    expect(before.universities).toBeGreaterThan(0);
    expect(before.problems).toBeGreaterThan(0);

    const file = path.join(work, adminUrl ? 'cxy.dump' : 'cxy.tar.gz');
    expect(cli('backup', [file], source)).toContain('已备份');

    const target = { DATABASE_URL: adminUrl ? await newDatabase() : undefined, DATA_DIR: path.join(work, 'target') };
    expect(cli('restore', [file], target)).toContain('已恢复');
    expect(await rowCounts(target)).toEqual(before);

    // A store that holds data is not overwritten without --force; with it, the old data is kept aside (embedded).
    expect(() => cli('restore', [file], target)).toThrow(/--force/);
    expect(cli('restore', [file, '--force'], target)).toContain('已恢复');
    expect(await rowCounts(target)).toEqual(before);
    if (!adminUrl)
      expect(readdirSync(target.DATA_DIR).some((name) => name.startsWith('pglite.before-restore-'))).toBe(true);
  }, 600_000);

  test('a backup of the other store is refused with a message saying which one it is', async () => {
    const wrong = path.join(work, 'wrong.bin');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(wrong, adminUrl ? Buffer.from([0x1f, 0x8b, 8, 0, 0]) : Buffer.from('PGDMP-not-a-tarball'));
    const env = { DATABASE_URL: adminUrl ? await newDatabase() : undefined, DATA_DIR: path.join(work, 'other') };
    expect(() => cli('restore', [wrong], env)).toThrow(adminUrl ? /pg_dump -Fc/ : /DATABASE_URL/);
  });
});
