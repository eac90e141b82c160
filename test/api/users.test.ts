/** 用户与令牌: tokens shown once and stored hashed, bound to one enterprise or university, bureau-only management. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { createApp } from '../../src/app.js';
import { createTokenCache } from '../../src/auth/token-cache.js';
import { client, testApp, type TestApp } from '../support/app.js';
import { cast, MISSING_ID } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
});
afterAll(() => t.close());

describe('users', () => {
  it('issues a token once, stores only its hash, and the token works', async () => {
    const r = await t.call('POST', '/api/v1/users', { body: { name: '王科员', role: 'bureau' } });
    expect(r.status).toBe(201);
    expect(r.body.token).toMatch(/^cxy_/);
    const row = await t.store.db.selectFrom('users').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect(row.tokenHash).toBe(hashToken(r.body.token));
    expect(JSON.stringify(row)).not.toContain(r.body.token);
    const got = await t.call('GET', `/api/v1/users/${r.body.id}`);
    expect(got.body.token).toBeUndefined();
    const me = await t.call('GET', '/api/v1/me', { token: r.body.token });
    expect(me.body).toMatchObject({ userId: r.body.id, role: 'bureau', roleLabel: '区科技局' });
    const audit = await t.store.db
      .selectFrom('auditLog')
      .select(['after'])
      .where('entityId', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).not.toContain(row.tokenHash);
  });

  it('binds enterprise and university users, and /me says so', async () => {
    const me = await t.call('GET', '/api/v1/me', { token: c.tokens.entA });
    expect(me.body).toMatchObject({ role: 'enterprise', enterpriseId: c.entA.id, universityId: null });
    const uni = await t.call('GET', '/api/v1/me', { token: c.tokens.uniX });
    expect(uni.body).toMatchObject({ role: 'university', universityId: c.uniX.id });
  });

  it.each([
    [{ name: '甲', role: 'enterprise' }, 'enterpriseId'],
    [{ name: '乙', role: 'university' }, 'universityId'],
    [{ name: '丙', role: 'bureau', enterpriseId: MISSING_ID }, 'enterpriseId'],
    [{ name: '丁', role: 'enterprise', enterpriseId: MISSING_ID }, 'enterpriseId'],
    [{ name: '戊', role: 'university', universityId: MISSING_ID }, 'universityId'],
    [{ name: '', role: 'bureau' }, 'name'],
    [{ name: '己', role: 'admin' }, 'role'],
  ])('refuses %j at %s', async (body, path) => {
    const r = await t.call('POST', '/api/v1/users', { body });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('a disabled token stops working at its next request, and can be restored', async () => {
    const r = await t.call('POST', '/api/v1/users', { body: { name: '临时', role: 'bureau' } });
    expect((await t.call('GET', '/api/v1/me', { token: r.body.token })).status).toBe(200); // now cached
    const off = await t.call('PATCH', `/api/v1/users/${r.body.id}`, { body: { disabled: true, version: 1 } });
    expect(off.body.disabled).toBe(true);
    expect((await t.call('GET', '/api/v1/me', { token: r.body.token })).status).toBe(401);
    await t.call('PATCH', `/api/v1/users/${r.body.id}`, { body: { disabled: false, version: 2 } });
    expect((await t.call('GET', '/api/v1/me', { token: r.body.token })).status).toBe(200);
  });

  it('a renamed user is named anew at the next request', async () => {
    const r = await t.call('POST', '/api/v1/users', { body: { name: '改名前', role: 'bureau' } });
    expect((await t.call('GET', '/api/v1/me', { token: r.body.token })).body.name).toBe('改名前');
    await t.call('PATCH', `/api/v1/users/${r.body.id}`, { body: { name: '改名后', version: 1 } });
    expect((await t.call('GET', '/api/v1/me', { token: r.body.token })).body.name).toBe('改名后');
  });

  it('a user disabled by another process is refused here once the cached token expires', async () => {
    const r = await t.call('POST', '/api/v1/users', { body: { name: '别处停用', role: 'bureau' } });
    // A second app on the same database stands for the other process; its cache lives 300 ms.
    const other = client(createApp({ ...t.deps, tokens: createTokenCache(300) }));
    expect((await other('GET', '/api/v1/me', { token: r.body.token })).status).toBe(200);
    await t.call('PATCH', `/api/v1/users/${r.body.id}`, { body: { disabled: true, version: 1 } });
    expect((await t.call('GET', '/api/v1/me', { token: r.body.token })).status).toBe(401);
    await new Promise((done) => setTimeout(done, 350));
    expect((await other('GET', '/api/v1/me', { token: r.body.token })).status).toBe(401);
  });

  it('lists users with role filter', async () => {
    const r = await t.call('GET', '/api/v1/users?role=enterprise');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThanOrEqual(2);
    expect(r.body.items.every((u: { role: string }) => u.role === 'enterprise')).toBe(true);
  });

  it.each(['entA', 'uniX'] as const)('%s may not manage users (403)', async (who) => {
    const token = c.tokens[who];
    expect((await t.call('POST', '/api/v1/users', { token, body: { name: '越权', role: 'bureau' } })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/users', { token })).status).toBe(403);
    expect((await t.call('GET', `/api/v1/users/${MISSING_ID}`, { token })).status).toBe(403);
  });

  it('a bureau user (not only the admin token) may issue tokens', async () => {
    const r = await t.call('POST', '/api/v1/users', {
      token: c.tokens.bureau,
      body: { name: '新科员', role: 'bureau' },
    });
    expect(r.status).toBe(201);
  });
});
