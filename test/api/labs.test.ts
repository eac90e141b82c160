/** 实验室/团队 API: happy path, validation, the role matrix and the contact rule, on the real app and store. */
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

const outboxOps = async (id: string) =>
  (
    await t.store.db
      .selectFrom('outbox')
      .select('op')
      .where('entity', '=', 'lab')
      .where('entityId', '=', id)
      .orderBy('id')
      .execute()
  ).map((r) => r.op);

describe('labs: happy path', () => {
  it('creates, reads with ETag, patches and soft-deletes a lab, writing outbox rows', async () => {
    const r = await t.call('POST', '/api/v1/labs', {
      body: {
        universityId: c.uniX.id,
        name: '先进材料实验室',
        leader: '陈教授',
        domains: ['new_materials'],
        keywords: ['石墨烯'],
        summary: '石墨烯与二维材料的制备与应用研究。',
        equipment: ['拉曼光谱仪'],
        contactPhone: '13911112222',
      },
    });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`/api/v1/labs/${r.body.id}`);
    expect(r.body).toMatchObject({
      universityId: c.uniX.id,
      university: { id: c.uniX.id, name: c.uniX.name, kind: 'university', city: '杭州' },
      equipment: ['拉曼光谱仪'],
      achievements: [],
      contactPhone: '13911112222',
      contactWithheld: false,
      version: 1,
    });

    const g = await t.call('GET', `/api/v1/labs/${r.body.id}`);
    expect(g.status).toBe(200);
    expect(g.headers.get('etag')).toBe('"v1"');

    const p = await t.call('PATCH', `/api/v1/labs/${r.body.id}`, {
      body: { version: 1, leader: null, keywords: ['石墨烯', '二维材料'] },
    });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ leader: null, keywords: ['石墨烯', '二维材料'], version: 2 });
    expect(p.headers.get('etag')).toBe('"v2"');

    expect((await t.call('PATCH', `/api/v1/labs/${r.body.id}`, { body: { version: 1, leader: '李' } })).status).toBe(
      409,
    );
    expect(
      (await t.call('PATCH', `/api/v1/labs/${r.body.id}`, { body: { leader: '李' }, headers: { 'if-match': '"v1"' } }))
        .status,
    ).toBe(412);
    expect((await t.call('PATCH', `/api/v1/labs/${r.body.id}`, { body: { leader: '李' } })).status).toBe(428);

    expect((await t.call('DELETE', `/api/v1/labs/${r.body.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/labs/${r.body.id}`)).status).toBe(404);
    expect(await outboxOps(r.body.id)).toEqual(['upsert', 'upsert', 'delete']);
  });

  it('a university liaison creates for its own university by default', async () => {
    const lab = await c.f.lab(c.uniX.id, { universityId: undefined }, c.tokens.uniX);
    expect(lab.universityId).toBe(c.uniX.id);
  });

  it('keeps names unique per university among live labs', async () => {
    const lab = await c.f.lab(c.uniX.id, { name: '重名测试实验室' });
    const dup = await t.call('POST', '/api/v1/labs', {
      body: {
        universityId: c.uniX.id,
        name: '重名测试实验室',
        domains: ['biomed'],
        keywords: [],
        summary: '这是一个用来测试重名的实验室。',
      },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.errors).toEqual([{ path: 'name', message: '名称已被使用' }]);
    await c.f.lab(c.uniY.id, { name: '重名测试实验室' });
    const rename = await c.f.lab(c.uniX.id);
    expect(
      (await t.call('PATCH', `/api/v1/labs/${rename.id}`, { body: { version: 1, name: '重名测试实验室' } })).status,
    ).toBe(409);
    expect((await t.call('DELETE', `/api/v1/labs/${lab.id}`)).status).toBe(204);
    await c.f.lab(c.uniX.id, { name: '重名测试实验室' });
  });

  it('refuses to move a lab to another university', async () => {
    const lab = await c.f.lab(c.uniX.id);
    const r = await t.call('PATCH', `/api/v1/labs/${lab.id}`, { body: { version: 1, universityId: c.uniY.id } });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].path).toBe('universityId');
    expect(
      (await t.call('PATCH', `/api/v1/labs/${lab.id}`, { body: { version: 1, universityId: c.uniX.id, leader: '周' } }))
        .status,
    ).toBe(200);
  });
});

describe('labs: list', () => {
  let uni: { id: string };
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    uni = await c.f.university({ city: '宁波' });
    ids.a = (
      await c.f.lab(uni.id, {
        name: 'A 光电实验室',
        domains: ['electronic_info'],
        keywords: ['激光'],
        summary: '激光器件与 100% 国产化光电系统研究。',
      })
    ).id;
    ids.b = (
      await c.f.lab(uni.id, {
        name: 'B 生物医药平台',
        domains: ['biomed', 'new_materials'],
        keywords: ['抗体'],
        summary: '抗体药物筛选与生物医用材料平台。',
      })
    ).id;
    ids.c = (
      await c.f.lab(uni.id, {
        name: 'C 能源团队',
        domains: ['new_energy'],
        keywords: ['储能', '激光'],
        summary: '储能电池热管理与能量回收系统研究。',
      })
    ).id;
  });
  const list = async (qs: string) => {
    const r = await t.call('GET', `/api/v1/labs?universityId=${uni.id}&${qs}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const idsOf = (body: { items: { id: string }[] }) => body.items.map((i) => i.id).sort();

  it.each([
    ['domains=biomed,new_energy', ['b', 'c']],
    ['keyword=激光', ['a', 'c']],
    [`q=${encodeURIComponent('100%')}`, ['a']],
    [`q=${encodeURIComponent('%')}`, ['a']],
    [`q=${encodeURIComponent('生物')}`, ['b']],
    [`city=${encodeURIComponent('宁波')}`, ['a', 'b', 'c']],
    [`city=${encodeURIComponent('杭州')}`, []],
  ])('filters %s', async (qs, expected) => {
    const body = await list(qs);
    expect(idsOf(body)).toEqual(expected.map((k) => ids[k]).sort());
    expect(body.total).toBe(expected.length);
  });

  it('sorts and pages with nextCursor', async () => {
    const byName = await list('sort=-name');
    expect(byName.items.map((i: { id: string }) => i.id)).toEqual([ids.c, ids.b, ids.a]);
    const newest = await list('sort=-createdAt');
    expect(newest.items.map((i: { id: string }) => i.id)).toEqual([ids.c, ids.b, ids.a]);
    const p1 = await list('sort=createdAt&limit=2');
    expect(p1.items.map((i: { id: string }) => i.id)).toEqual([ids.a, ids.b]);
    expect(p1.total).toBe(3);
    const p2 = await list(`sort=createdAt&limit=2&cursor=${p1.nextCursor}`);
    expect(p2.items.map((i: { id: string }) => i.id)).toEqual([ids.c]);
    expect(p2.nextCursor).toBeUndefined();
  });
});

describe('labs: validation', () => {
  const base = () => ({
    universityId: c.uniX.id,
    name: `校验实验室${Math.random()}`,
    domains: ['biomed'],
    keywords: [],
    summary: '一段足够长的实验室简介文字。',
  });
  it.each([
    [{ domains: ['biology'] }, 'domains.0'],
    [{ domains: [] }, 'domains'],
    [{ domains: 'biomed' }, 'domains'],
    [{ summary: '太短' }, 'summary'],
    [{ name: '   ' }, 'name'],
    [{ keywords: Array.from({ length: 31 }, (_, i) => `词${i}`) }, 'keywords'],
    [{ contactEmail: 'not-an-email' }, 'contactEmail'],
    [{ extra: 1 }, 'extra'],
    [{ universityId: undefined }, 'universityId'],
    [{ universityId: MISSING_ID }, 'universityId'],
  ])('%j → 422 at %s', async (over, path) => {
    const r = await t.call('POST', '/api/v1/labs', { body: { ...base(), ...over } });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('a university liaison may not name another university', async () => {
    const r = await t.call('POST', '/api/v1/labs', {
      body: { ...base(), universityId: c.uniY.id },
      token: c.tokens.uniX,
    });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: 'universityId', message: '高校/院所不存在' }]);
  });

  it.each(['limit=1000', 'domains=nope', 'sort=budget'])('list query %s → 400', async (qs) => {
    expect((await t.call('GET', `/api/v1/labs?${qs}`)).status).toBe(400);
  });
});

type ActorKey = 'bureau' | 'uniX' | 'uniY' | 'entA';
// The target lab belongs to uniX: uniX is its own university, uniY a foreign one.
describe.each<{ actor: ActorKey; read: number; write: number; writeMissing: number; create: number; contact: boolean }>(
  [
    { actor: 'bureau', read: 200, write: 200, writeMissing: 404, create: 201, contact: true },
    { actor: 'uniX', read: 200, write: 200, writeMissing: 404, create: 201, contact: true },
    { actor: 'uniY', read: 200, write: 404, writeMissing: 404, create: 422, contact: false },
    { actor: 'entA', read: 200, write: 403, writeMissing: 403, create: 403, contact: false },
  ],
)('labs as $actor', ({ actor, read, write, writeMissing, create, contact }) => {
  const token = () => c.tokens[actor];
  it(`get own-university lab → ${read}, contact ${contact ? 'shown' : 'withheld'}; missing → 404`, async () => {
    const lab = await c.f.lab(c.uniX.id);
    const r = await t.call('GET', `/api/v1/labs/${lab.id}`, { token: token() });
    expect(r.status).toBe(read);
    expect(r.body.contactWithheld).toBe(!contact);
    expect(r.body.contactPhone).toBe(contact ? '13900000000' : null);
    expect(r.body.contactName).toBe(contact ? '王老师' : null);
    expect((await t.call('GET', `/api/v1/labs/${MISSING_ID}`, { token: token() })).status).toBe(404);
  });
  it('lists labs with the same contact rule', async () => {
    const lab = await c.f.lab(c.uniX.id);
    const r = await t.call('GET', `/api/v1/labs?universityId=${c.uniX.id}&limit=100`, { token: token() });
    expect(r.status).toBe(200);
    const item = r.body.items.find((i: { id: string }) => i.id === lab.id);
    expect(item.contactWithheld).toBe(!contact);
  });
  it(`creates for uniX → ${create}`, async () => {
    const r = await t.call('POST', '/api/v1/labs', {
      token: token(),
      body: {
        universityId: c.uniX.id,
        name: `角色实验室${actor}`,
        domains: ['biomed'],
        keywords: [],
        summary: '一段足够长的实验室简介文字。',
      },
    });
    expect(r.status).toBe(create);
  });
  it(`patch → ${write}, missing → ${writeMissing}`, async () => {
    const lab = await c.f.lab(c.uniX.id);
    expect(
      (await t.call('PATCH', `/api/v1/labs/${lab.id}`, { token: token(), body: { version: 1, leader: '新负责人' } }))
        .status,
    ).toBe(write);
    expect(
      (
        await t.call('PATCH', `/api/v1/labs/${MISSING_ID}`, {
          token: token(),
          body: { version: 1, leader: '新负责人' },
        })
      ).status,
    ).toBe(writeMissing);
  });
  it(`delete → ${write === 200 ? 204 : write}, missing → ${writeMissing}`, async () => {
    const lab = await c.f.lab(c.uniX.id);
    expect((await t.call('DELETE', `/api/v1/labs/${lab.id}`, { token: token() })).status).toBe(
      write === 200 ? 204 : write,
    );
    expect((await t.call('DELETE', `/api/v1/labs/${MISSING_ID}`, { token: token() })).status).toBe(writeMissing);
    expect((await t.call('GET', `/api/v1/labs/${lab.id}`)).status).toBe(write === 200 ? 404 : 200);
  });
});
