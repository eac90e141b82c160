/** Idempotency-Key on creates: retries, also concurrent ones, record once and answer the same. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const countByName = async (name: string) =>
  Number(
    (
      await t.store.db
        .selectFrom('universities')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('Idempotency-Key', () => {
  it('parallel retries with one key create one record and all get the same body', async () => {
    const body = { name: '幂等测试大学', kind: 'university' };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.call('POST', '/api/v1/universities', { body, headers: { 'idempotency-key': 'key-parallel-1' } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const ids = new Set(results.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    expect(await countByName('幂等测试大学')).toBe(1);
  });

  it('a later retry replays status, body and Location', async () => {
    const body = { name: '重放测试研究院', kind: 'institute' };
    const first = await t.call('POST', '/api/v1/universities', { body, headers: { 'idempotency-key': 'key-replay' } });
    const again = await t.call('POST', '/api/v1/universities', { body, headers: { 'idempotency-key': 'key-replay' } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await countByName('重放测试研究院')).toBe(1);
  });

  it('a failed request is replayed as the same failure, and nothing is recorded', async () => {
    const body = { name: '', kind: 'university' };
    const first = await t.call('POST', '/api/v1/universities', { body, headers: { 'idempotency-key': 'key-bad' } });
    const again = await t.call('POST', '/api/v1/universities', { body, headers: { 'idempotency-key': 'key-bad' } });
    expect(first.status).toBe(422);
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual(first.body.errors);
  });

  it('the same key with a different body is refused', async () => {
    await t.call('POST', '/api/v1/universities', {
      body: { name: '甲大学', kind: 'university' },
      headers: { 'idempotency-key': 'key-reuse' },
    });
    const r = await t.call('POST', '/api/v1/universities', {
      body: { name: '乙大学', kind: 'university' },
      headers: { 'idempotency-key': 'key-reuse' },
    });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('idempotency_mismatch');
    expect(await countByName('乙大学')).toBe(0);
  });

  it('keys belong to their caller: another user with the same key creates its own record', async () => {
    const f = fixtures(t);
    const bureau2 = await f.user('bureau');
    const a = await t.call('POST', '/api/v1/universities', {
      body: { name: '丙大学', kind: 'university' },
      headers: { 'idempotency-key': 'shared-key' },
    });
    const b = await t.call('POST', '/api/v1/universities', {
      body: { name: '丁大学', kind: 'university' },
      headers: { 'idempotency-key': 'shared-key' },
      token: bureau2,
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('an invalid key is a 400', async () => {
    const r = await t.call('POST', '/api/v1/universities', {
      body: { name: '戊大学', kind: 'university' },
      headers: { 'idempotency-key': 'x'.repeat(300) },
    });
    expect(r.status).toBe(400);
  });
});
