/**
 * Migration 2026-11-30T1700-drafts-review-draft: the review status admits `draft`; `down()` withdraws
 * drafts (deleted, so the bureau never sees what was not submitted) before restoring the old check.
 */
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast } from '../support/fixtures.js';
import { storeMode } from '../support/store.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const THIS = '2026-11-30T1700-drafts-review-draft';
const BEFORE = Object.keys(migrations).sort()[Object.keys(migrations).sort().indexOf(THIS) - 1]!;

describe(`drafts migration (${storeMode})`, () => {
  it('down() withdraws drafts and refuses the status again; up() admits it', async () => {
    const c = await cast(t);
    const b = brokering(t);
    const draft = await b.pendingProblem(c.tokens.entA, { draft: true });
    const pending = await b.pendingProblem(c.tokens.entA);
    const db = t.store.db;
    const row = (id: string) =>
      db.selectFrom('problems').select(['reviewStatus', 'deletedAt']).where('id', '=', id).executeTakeFirstOrThrow();
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo(BEFORE);
    expect(down.error).toBeUndefined();
    expect(await row(draft.id)).toMatchObject({ reviewStatus: 'rejected', deletedAt: expect.any(Date) });
    expect(await row(pending.id)).toMatchObject({ reviewStatus: 'pending_review', deletedAt: null });
    await expect(sql`update problems set review_status = 'draft' where id = ${pending.id}`.execute(db)).rejects.toThrow(
      /check/i,
    );
    expect(await migrateToLatest(db)).toEqual(
      Object.keys(migrations).sort().slice(Object.keys(migrations).sort().indexOf(THIS)),
    );
    await sql`update problems set review_status = 'draft' where id = ${pending.id}`.execute(db);
    expect((await row(pending.id)).reviewStatus).toBe('draft');
  });
});
