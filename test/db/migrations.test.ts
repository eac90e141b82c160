import { sql } from 'kysely';
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
    const before = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(store.db);
    const applied = await migrateToLatest(store.db);
    expect(applied).toEqual([]);
    const after = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(store.db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('records every migration once', async () => {
    const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
  });

  it('creates the tables every write relies on', async () => {
    const rows = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(store.db);
    const names = rows.rows.map((r) => r.name);
    for (const t of ['universities', 'enterprises', 'labs', 'liaisons', 'problems', 'users', 'audit_log', 'outbox', 'idempotency_keys']) expect(names).toContain(t);
  });
});
