/** 联络员 API: happy path, validation, role matrix, concurrency and audit, through the real app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { cast, MISSING_ID } from '../support/fixtures.js';

const BASE = '/api/v1/liaisons';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
type Kind = 'bureau' | 'uniX' | 'uniY' | 'entA' | 'entB';
const fixed = {} as Record<Kind, string>;

/** The body of a liaison of each kind; the admin token can create them all. */
const bodyOf = (kind: Kind, name = `联络员-${kind}`): Record<string, unknown> =>
  kind === 'bureau'
    ? { side: 'bureau', name }
    : kind.startsWith('uni')
      ? { side: 'university', name, universityId: c[kind as 'uniX' | 'uniY'].id }
      : { side: 'enterprise', name, enterpriseId: c[kind as 'entA' | 'entB'].id };
const make = async (kind: Kind, extra: object = {}) => {
  const r = await t.call('POST', BASE, { body: { ...bodyOf(kind), ...extra } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  for (const kind of ['bureau', 'uniX', 'uniY', 'entA', 'entB'] as const) fixed[kind] = (await make(kind)).id;
});
afterAll(() => t.close());

describe('liaisons: happy path', () => {
  it('creates, reads, updates and deletes a liaison', async () => {
    const me = (await t.call('GET', '/api/v1/me', { token: c.tokens.uniX })).body;
    const created = await t.call('POST', BASE, {
      token: c.tokens.uniX,
      body: {
        side: 'university',
        name: '王老师',
        title: '科技处副处长',
        phone: '0571-88000000',
        email: 'wang@uni.example',
        userId: me.userId,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      side: 'university',
      universityId: c.uniX.id,
      enterpriseId: null,
      userId: me.userId,
      active: true,
      version: 1,
    });
    const got = await t.call('GET', `${BASE}/${created.body.id}`, { token: c.tokens.uniX });
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"v1"');
    expect(got.body).toEqual(created.body);
    const patched = await t.call('PATCH', `${BASE}/${created.body.id}`, {
      token: c.tokens.uniX,
      body: { title: '科技处处长', active: false, version: 1 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: '科技处处长', active: false, version: 2 });
    expect((await t.call('DELETE', `${BASE}/${created.body.id}`, { token: c.tokens.uniX })).status).toBe(204);
    expect((await t.call('GET', `${BASE}/${created.body.id}`)).status).toBe(404);
  });

  it('filters, sorts and pages the list', async () => {
    await make('bureau', { name: '排序测试-A' });
    await make('uniX', { name: '排序测试-B', active: false });
    await make('entA', { name: '排序测试-C' });
    const names = async (qs: string) => {
      const r = await t.call('GET', `${BASE}?q=${encodeURIComponent('排序测试')}&${qs}`);
      expect(r.status).toBe(200);
      return (r.body.items as { name: string }[]).map((l) => l.name.slice(-1)).join('');
    };
    expect(await names('')).toBe('ABC');
    expect(await names('sort=-name')).toBe('CBA');
    expect(await names('sort=createdAt')).toBe('ABC');
    expect(await names('side=enterprise')).toBe('C');
    expect(await names(`universityId=${c.uniX.id}`)).toBe('B');
    expect(await names(`enterpriseId=${c.entA.id}`)).toBe('C');
    expect(await names('active=false')).toBe('B');
    expect(await names('active=true')).toBe('AC');
    const first = await t.call('GET', `${BASE}?q=${encodeURIComponent('排序测试')}&limit=2`);
    expect(first.body).toMatchObject({ total: 3, items: [{ name: '排序测试-A' }, { name: '排序测试-B' }] });
    const second = await t.call(
      'GET',
      `${BASE}?q=${encodeURIComponent('排序测试')}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((l: { name: string }) => l.name)).toEqual(['排序测试-C']);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('refuses to delete a bureau liaison still assigned to an enterprise', async () => {
    const l = await make('bureau');
    const e = await c.f.enterprise({ liaisonId: l.id });
    expect((await t.call('DELETE', `${BASE}/${l.id}`)).status).toBe(409);
    await t.call('PATCH', `/api/v1/enterprises/${e.id}`, { body: { liaisonId: null, version: 1 } });
    expect((await t.call('DELETE', `${BASE}/${l.id}`)).status).toBe(204);
  });
});

describe('liaisons: validation', () => {
  it.each([
    [{ name: '张三' }, 'side'],
    [{ side: 'school', name: '张三' }, 'side'],
    [{ side: 'bureau', name: '' }, 'name'],
    [{ side: 'bureau', name: '张三', phone: '电话' }, 'phone'],
    [{ side: 'bureau', name: '张三', email: 'x@' }, 'email'],
    [{ side: 'bureau', name: '张三', active: 'yes' }, 'active'],
    [{ side: 'bureau', name: '张三', rank: 1 }, 'rank'],
    [{ side: 'university', name: '张三' }, 'universityId'],
    [{ side: 'enterprise', name: '张三' }, 'enterpriseId'],
    [{ side: 'bureau', name: '张三', universityId: MISSING_ID }, 'universityId'],
    [{ side: 'university', name: '张三', universityId: MISSING_ID }, 'universityId'],
    [{ side: 'enterprise', name: '张三', enterpriseId: MISSING_ID }, 'enterpriseId'],
    [{ side: 'bureau', name: '张三', userId: MISSING_ID }, 'userId'],
  ])('rejects %j at %s', async (body, path) => {
    const r = await t.call('POST', BASE, { body });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('links only a user of the same unit', async () => {
    const me = (await t.call('GET', '/api/v1/me', { token: c.tokens.uniY })).body;
    const r = await t.call('POST', BASE, { body: { ...bodyOf('uniX'), userId: me.userId } });
    expect(r.status).toBe(422);
    expect(r.body.errors[0]).toEqual({ path: 'userId', message: '用户不存在或不属于该单位' });
  });

  it('does not let side change, nor a university move its liaison elsewhere', async () => {
    const l = await make('uniX');
    const side = await t.call('PATCH', `${BASE}/${l.id}`, { body: { side: 'bureau', universityId: null, version: 1 } });
    expect(side.status).toBe(422);
    expect(side.body.errors[0].path).toBe('side');
    const move = await t.call('PATCH', `${BASE}/${l.id}`, {
      token: c.tokens.uniX,
      body: { universityId: c.uniY.id, version: 1 },
    });
    expect(move.status).toBe(422);
    expect(move.body.errors[0]).toEqual({ path: 'universityId', message: '高校/院所不存在' });
  });
});

type Target = 'bureau' | 'uniX' | 'entA' | 'missing';
type Want = {
  get: Record<Target, number>;
  write: Record<Target, number>;
  create: Record<'bureau' | 'uniX' | 'entA', number>;
  sees: Kind[];
};
const row = (bureau: number, uniX: number, entA: number): Record<Target, number> => ({
  bureau,
  uniX,
  entA,
  missing: 404,
});

describe.each<[Kind, Want]>([
  [
    'bureau',
    {
      get: row(200, 200, 200),
      write: row(200, 200, 200),
      create: { bureau: 201, uniX: 201, entA: 201 },
      sees: ['bureau', 'uniX', 'uniY', 'entA', 'entB'],
    },
  ],
  [
    'uniX',
    {
      get: row(200, 200, 404),
      write: row(404, 200, 404),
      create: { bureau: 403, uniX: 201, entA: 403 },
      sees: ['bureau', 'uniX'],
    },
  ],
  [
    'uniY',
    {
      get: row(200, 404, 404),
      write: row(404, 404, 404),
      create: { bureau: 403, uniX: 422, entA: 403 },
      sees: ['bureau', 'uniY'],
    },
  ],
  [
    'entA',
    {
      get: row(200, 404, 200),
      write: row(404, 404, 200),
      create: { bureau: 403, uniX: 403, entA: 201 },
      sees: ['bureau', 'entA'],
    },
  ],
  [
    'entB',
    {
      get: row(200, 404, 404),
      write: row(404, 404, 404),
      create: { bureau: 403, uniX: 403, entA: 422 },
      sees: ['bureau', 'entB'],
    },
  ],
])('liaisons as %s', (who, want) => {
  const token = () => c.tokens[who];

  it.each<Target>(['bureau', 'uniX', 'entA', 'missing'])('reads, updates and deletes a %s liaison', async (target) => {
    const id = target === 'missing' ? MISSING_ID : (await make(target)).id;
    expect((await t.call('GET', `${BASE}/${id}`, { token: token() })).status).toBe(want.get[target]);
    expect(
      (await t.call('PATCH', `${BASE}/${id}`, { token: token(), body: { title: '联络员', version: 1 } })).status,
    ).toBe(want.write[target]);
    const deleted = want.write[target] === 200 ? 204 : want.write[target];
    expect((await t.call('DELETE', `${BASE}/${id}`, { token: token() })).status).toBe(deleted);
  });

  it.each(['bureau', 'uniX', 'entA'] as const)('creates a %s liaison', async (kind) => {
    const r = await t.call('POST', BASE, { token: token(), body: bodyOf(kind) });
    expect(r.status).toBe(want.create[kind]);
    if (r.status === 403) expect(r.body.errors[0].path).toBe('side');
    if (r.status === 422) expect(r.body.errors[0].path).toBe(kind === 'uniX' ? 'universityId' : 'enterpriseId');
  });

  it('lists only what it may see', async () => {
    const r = await t.call('GET', `${BASE}?limit=100`, { token: token() });
    expect(r.status).toBe(200);
    const ids: string[] = r.body.items.map((l: { id: string }) => l.id);
    for (const kind of Object.keys(fixed) as Kind[])
      expect(ids.includes(fixed[kind]), kind).toBe(want.sees.includes(kind));
    const own = who.startsWith('uni')
      ? { side: 'university', universityId: c[who as 'uniX'].id }
      : who.startsWith('ent')
        ? { side: 'enterprise', enterpriseId: c[who as 'entA'].id }
        : null;
    if (own)
      for (const l of r.body.items)
        expect(l.side === 'bureau' || Object.entries(own).every(([k, v]) => l[k] === v)).toBe(true);
  });
});

describe('liaisons: concurrency and audit', () => {
  it('lets exactly one of two PATCHes with the same version win', async () => {
    const l = await make('bureau');
    const statuses = await Promise.all(
      ['甲', '乙'].map((name) =>
        t.call('PATCH', `${BASE}/${l.id}`, { body: { name, version: 1 } }).then((r) => r.status),
      ),
    );
    expect(statuses.sort()).toEqual([200, 409]);
  });

  it('answers 412 to a stale If-Match and 428 without a version', async () => {
    const l = await make('bureau');
    await t.call('PATCH', `${BASE}/${l.id}`, { body: { title: '科长', version: 1 } });
    expect(
      (await t.call('PATCH', `${BASE}/${l.id}`, { body: { title: '副科长' }, headers: { 'if-match': '"v1"' } })).status,
    ).toBe(412);
    expect(
      (await t.call('PATCH', `${BASE}/${l.id}`, { body: { title: '副科长' }, headers: { 'if-match': '"v2"' } })).status,
    ).toBe(200);
    expect((await t.call('PATCH', `${BASE}/${l.id}`, { body: { title: '副科长' } })).status).toBe(428);
  });

  it('writes an audit row with before/after', async () => {
    const l = await make('entA');
    await t.call('PATCH', `${BASE}/${l.id}`, { token: c.tokens.entA, body: { phone: '13700000000', version: 1 } });
    const audit = await t.store.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entity', '=', 'liaison')
      .where('entityId', '=', l.id)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ version: 1, phone: null });
    expect(audit[0]!.after).toMatchObject({ version: 2, phone: '13700000000' });
    expect(audit[0]!.actorUserId).not.toBeNull();
  });
});
