/** 高校/院所: happy path, validation, concurrency and the role matrix. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { cast, MISSING_ID } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
});
afterAll(() => t.close());

describe('universities: happy path', () => {
  it('creates, reads with ETag, lists with filters and pages, updates and deletes', async () => {
    const made = await c.f.university({ name: '东海海洋研究所', kind: 'institute', city: '舟山' });
    expect(made).toMatchObject({ name: '东海海洋研究所', kind: 'institute', city: '舟山', version: 1, labCount: 0 });

    const got = await t.call('GET', `/api/v1/universities/${made.id}`);
    expect(got.headers.get('etag')).toBe('"v1"');

    const filtered = await t.call('GET', '/api/v1/universities?kind=institute&city=舟山');
    expect(filtered.body.items.map((u: { id: string }) => u.id)).toEqual([made.id]);
    expect(filtered.body.total).toBe(1);

    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.call('GET', `/api/v1/universities?limit=2&sort=name${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      all.push(...page.body.items.map((u: { name: string }) => u.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('东海海洋研究所');

    const patched = await t.call('PATCH', `/api/v1/universities/${made.id}`, { body: { city: '宁波', version: 1 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ city: '宁波', version: 2 });

    const deleted = await t.call('DELETE', `/api/v1/universities/${made.id}`);
    expect(deleted.status).toBe(204);
    expect((await t.call('GET', `/api/v1/universities/${made.id}`)).status).toBe(404);
    const audit = await t.store.db
      .selectFrom('auditLog')
      .select(['action'])
      .where('entityId', '=', made.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    const outbox = await t.store.db
      .selectFrom('outbox')
      .select(['op'])
      .where('entityId', '=', made.id)
      .orderBy('id')
      .execute();
    expect(outbox.map((o) => o.op)).toEqual(['upsert', 'upsert', 'delete']);
  });

  it('refuses a duplicate name with 409', async () => {
    const a = await c.f.university();
    const r = await t.call('POST', '/api/v1/universities', { body: { name: a.name, kind: 'university' } });
    expect(r.status).toBe(409);
    expect(r.body.errors[0].path).toBe('name');
  });

  it('validates fields', async () => {
    const r = await t.call('POST', '/api/v1/universities', {
      body: { name: ' ', kind: 'college', website: 'not a url' },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['kind', 'name', 'website']);
  });
});

describe('universities: optimistic concurrency', () => {
  it('two updates from one read: one wins, the other gets 409', async () => {
    const u = await c.f.university();
    const [a, b] = await Promise.all([
      t.call('PATCH', `/api/v1/universities/${u.id}`, { body: { city: '甲', version: 1 } }),
      t.call('PATCH', `/api/v1/universities/${u.id}`, { body: { city: '乙', version: 1 } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const now = await t.call('GET', `/api/v1/universities/${u.id}`);
    expect(now.body.version).toBe(2);
    expect(now.body.city).toBe(a.status === 200 ? '甲' : '乙');
  });
  it('a stale If-Match gets 412, a missing version 428', async () => {
    const u = await c.f.university();
    await t.call('PATCH', `/api/v1/universities/${u.id}`, { body: { city: '甲' }, headers: { 'if-match': '"v1"' } });
    const stale = await t.call('PATCH', `/api/v1/universities/${u.id}`, {
      body: { city: '乙' },
      headers: { 'if-match': '"v1"' },
    });
    expect(stale.status).toBe(412);
    const none = await t.call('PATCH', `/api/v1/universities/${u.id}`, { body: { city: '丙' } });
    expect(none.status).toBe(428);
  });
});

describe('universities: role matrix', () => {
  type Who = 'admin' | 'bureau' | 'entA' | 'uniX';
  const target = (which: 'own' | 'foreign' | 'missing') =>
    which === 'own' ? c.uniX.id : which === 'foreign' ? c.uniY.id : MISSING_ID;

  it.each<[Who, 'own' | 'foreign' | 'missing', number]>([
    ['bureau', 'own', 200],
    ['bureau', 'foreign', 200],
    ['bureau', 'missing', 404],
    ['entA', 'own', 200],
    ['entA', 'missing', 404],
    ['uniX', 'own', 200],
    ['uniX', 'foreign', 200],
    ['uniX', 'missing', 404],
  ])('%s reads %s → %i', async (who, which, status) => {
    expect((await t.call('GET', `/api/v1/universities/${target(which)}`, { token: c.tokens[who] })).status).toBe(
      status,
    );
  });

  it.each<[Who, number]>([
    ['bureau', 200],
    ['entA', 200],
    ['uniX', 200],
  ])('%s lists → %i', async (who, status) => {
    expect((await t.call('GET', '/api/v1/universities', { token: c.tokens[who] })).status).toBe(status);
  });

  it.each<[Who, 'own' | 'foreign' | 'missing', number]>([
    ['bureau', 'foreign', 200],
    ['bureau', 'missing', 404],
    ['uniX', 'own', 200],
    ['uniX', 'foreign', 404],
    ['uniX', 'missing', 404],
    ['entA', 'own', 403],
    ['entA', 'missing', 403],
  ])('%s updates %s → %i', async (who, which, status) => {
    const id = target(which);
    const current = await t.call('GET', `/api/v1/universities/${id}`);
    const r = await t.call('PATCH', `/api/v1/universities/${id}`, {
      token: c.tokens[who],
      body: { summary: `由 ${who} 修改`, version: current.body?.version ?? 1 },
    });
    expect(r.status).toBe(status);
  });

  it.each<[Who, number]>([
    ['uniX', 403],
    ['entA', 403],
  ])('%s cannot create or delete → %i', async (who, status) => {
    expect(
      (
        await t.call('POST', '/api/v1/universities', {
          token: c.tokens[who],
          body: { name: `越权${who}`, kind: 'university' },
        })
      ).status,
    ).toBe(status);
    expect((await t.call('DELETE', `/api/v1/universities/${c.uniX.id}`, { token: c.tokens[who] })).status).toBe(status);
  });

  it('the bureau deletes: missing → 404', async () => {
    expect((await t.call('DELETE', `/api/v1/universities/${MISSING_ID}`, { token: c.tokens.bureau })).status).toBe(404);
  });
});
