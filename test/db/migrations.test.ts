import { sql } from 'kysely';
import { Migrator, NO_MIGRATIONS } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { freshStore, storeMode } from '../support/store.js';

let store: Store;
beforeAll(async () => {
  store = await freshStore(); // already migrated once
});
afterAll(() => store.close());

describe(`migrations (${storeMode})`, () => {
  it('running them again is a no-op', async () => {
    const before = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(store.db);
    const applied = await migrateToLatest(store.db);
    expect(applied).toEqual([]);
    const after = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(store.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('records every migration once', async () => {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
  });

  it('creates the tables every write relies on', async () => {
    const rows = await sql<{
      name: string;
    }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(store.db);
    const names = rows.rows.map((r) => r.name);
    for (const t of [
      'universities',
      'enterprises',
      'labs',
      'liaisons',
      'problems',
      'users',
      'audit_log',
      'outbox',
      'idempotency_keys',
    ])
      expect(names).toContain(t);
  });

  // Last, because it takes the schema away and builds it again: every down() runs once, in reverse order.
  it('every down() undoes its up(): all the way down leaves no table, and up again rebuilds them', async () => {
    const tables = async () =>
      (
        await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(
          store.db,
        )
      ).rows.map((r) => r.name);
    const before = await tables();
    const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });

    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(
      Object.keys(migrations)
        .sort()
        .reverse()
        .map((name) => [name, 'Down', 'Success']),
    );
    expect(await tables()).toEqual([]);

    expect(await migrateToLatest(store.db)).toEqual(Object.keys(migrations).sort());
    expect(await tables()).toEqual(before);
  });
});
