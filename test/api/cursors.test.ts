/**
 * Signed cursors (issue 12, defect 8): a later page trusts the total its cursor carries, so the
 * cursor is signed with the installation's key; an edited, hand-made or foreign cursor is a 400
 * problem+json, never a forged `total`. Every process on one database signs with the same key.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cursorKeyFor } from '../../src/db/cursor-key.js';
import { encodeCursor, useCursorKey } from '../../src/db/pagination.js';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { storeMode } from '../support/store.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  for (let i = 0; i < 3; i++) await f.university();
});
afterAll(() => t.close());

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

async function firstPage() {
  const r = await t.call('GET', '/api/v1/universities?limit=1');
  expect(r.status).toBe(200);
  expect(r.body.total).toBe(3);
  return r.body as { total: number; nextCursor: string };
}

const expectRefused = (r: { status: number; headers: Headers; body: any }) => {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body.errors).toEqual([{ path: 'query.cursor', message: '游标无效' }]);
  expect(r.body.total).toBeUndefined();
};

describe(`cursors (${storeMode})`, () => {
  it("the server's own cursor pages on with the total it counted", async () => {
    const page1 = await firstPage();
    const page2 = await t.call('GET', `/api/v1/universities?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.status).toBe(200);
    expect(page2.body.total).toBe(3);
    expect(page2.body.items).toHaveLength(1);
  });

  it('a hand-made cursor claiming a total is refused, not echoed', async () => {
    for (const forged of [
      b64('o:1:t:999999'),
      b64('o:1'),
      `${b64('o:1:t:999999')}.${b64('x'.repeat(16))}`,
      'garbage',
    ]) {
      expectRefused(await t.call('GET', `/api/v1/universities?limit=1&cursor=${encodeURIComponent(forged)}`));
    }
  });

  it('an issued cursor whose total or offset was edited is refused (the signature no longer fits)', async () => {
    const { nextCursor } = await firstPage();
    const [, mac] = nextCursor.split('.');
    for (const payload of ['o:1:t:999999', 'o:2:t:3', 'o:1'])
      expectRefused(await t.call('GET', `/api/v1/universities?limit=1&cursor=${b64(payload)}.${mac}`));
  });

  it("a cursor signed by another installation's key is refused", async () => {
    const ours = await cursorKeyFor(t.store.db);
    useCursorKey(randomBytes(32));
    const foreign = encodeCursor(1, 999999);
    useCursorKey(ours);
    expectRefused(await t.call('GET', `/api/v1/universities?limit=1&cursor=${foreign}`));
    // Under the installation's key, the cursor it issued still works.
    expect((await t.call('GET', `/api/v1/universities?limit=1&cursor=${encodeCursor(1, 3)}`)).status).toBe(200);
  });

  it('every process on one database signs with the same key; CURSOR_SECRET overrides it', async () => {
    const first = await cursorKeyFor(t.store.db);
    const second = await cursorKeyFor(t.store.db); // what another process starting on this database reads
    expect(second.equals(first)).toBe(true);
    expect(first.length).toBe(32);
    const configured = await cursorKeyFor(t.store.db, 'a-configured-cursor-secret');
    expect(configured.equals(first)).toBe(false);
    expect((await cursorKeyFor(t.store.db, 'a-configured-cursor-secret')).equals(configured)).toBe(true);
    const rows = await t.store.db.selectFrom('installationSecrets').selectAll().execute();
    expect(rows.map((r) => r.name)).toEqual(['cursor_key']);
  });
});
