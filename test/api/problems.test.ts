/** 技术难题 API: happy path, list filters, validation, the role matrix and the withheld enterprise, on the real app and store. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { cast, MISSING_ID } from '../support/fixtures.js';

// 2026-03-02 00:30 in Beijing while still 2026-03-01 in UTC: "today" and posted dates are Beijing dates.
const NOW = new Date('2026-03-01T16:30:00Z');

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  t = await testApp({ now: () => NOW });
  c = await cast(t);
});
afterAll(() => t.close());

const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
const description = '需要一套可以在线检测焊缝缺陷的系统，节拍不低于每分钟 30 件。';

describe('problems: happy path', () => {
  it('creates, reads with ETag, patches and soft-deletes a problem, writing history and outbox rows', async () => {
    const r = await t.call('POST', '/api/v1/problems', {
      body: {
        enterpriseId: c.entA.id,
        title: '焊缝缺陷在线检测',
        description,
        domains: ['advanced_manufacturing'],
        deadline: '2026-03-02',
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.headers.get('location')).toBe(`/api/v1/problems/${r.body.id}`);
    expect(r.body).toMatchObject({
      enterpriseId: c.entA.id,
      enterprise: {
        id: c.entA.id,
        name: c.entA.name,
        industry: '通用设备制造业',
        contactName: '张经理',
        contactPhone: '13800000000',
      },
      enterpriseWithheld: false,
      stage: 'open',
      stageLabel: '征集中',
      visibility: 'public',
      keywords: [],
      budgetWan: null,
      deadline: '2026-03-02',
      postedAt: NOW.toISOString(),
      createdBy: null,
      version: 1,
    });
    const g = await t.call('GET', `/api/v1/problems/${r.body.id}`);
    expect(g.headers.get('etag')).toBe('"v1"');

    const p = await t.call('PATCH', `/api/v1/problems/${r.body.id}`, {
      body: { version: 1, budgetWan: 12.5, keywords: ['焊缝'] },
    });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ budgetWan: 12.5, keywords: ['焊缝'], version: 2 });
    expect(
      (
        await t.call('PATCH', `/api/v1/problems/${r.body.id}`, {
          body: { budgetWan: 1 },
          headers: { 'if-match': '"v1"' },
        })
      ).status,
    ).toBe(412);

    expect((await t.call('DELETE', `/api/v1/problems/${r.body.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/problems/${r.body.id}`)).status).toBe(404);
    const outbox = await t.store.db
      .selectFrom('outbox')
      .select('op')
      .where('entity', '=', 'problem')
      .where('entityId', '=', r.body.id)
      .orderBy('id')
      .execute();
    expect(outbox.map((o) => o.op)).toEqual(['upsert', 'upsert', 'delete']);
    const history = await t.store.db
      .selectFrom('problemStageHistory')
      .selectAll()
      .where('problemId', '=', r.body.id)
      .execute();
    expect(history).toMatchObject([{ fromStage: null, toStage: 'open', actorName: '系统管理员' }]);
  });

  it('an enterprise user posts for its own enterprise by default', async () => {
    const p = await c.f.problem(c.entA.id, { enterpriseId: undefined }, c.tokens.entA);
    expect(p.enterpriseId).toBe(c.entA.id);
    expect(p.createdBy).toEqual(expect.any(String));
  });

  it('two PATCHes with the same version: one wins, one gets 409', async () => {
    const p = await c.f.problem(c.entA.id);
    const results = await Promise.all(
      ['甲方案标题更新', '乙方案标题更新'].map((title) =>
        t.call('PATCH', `/api/v1/problems/${p.id}`, { body: { version: 1, title } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await t.call('GET', `/api/v1/problems/${p.id}`)).body.version).toBe(2);
  });
});

describe('problems: list', () => {
  let ent: { id: string };
  const p: Record<string, string> = {};
  let liaison: string;
  beforeAll(async () => {
    ent = await c.f.enterprise();
    p.a = (
      await c.f.problem(ent.id, {
        title: 'A 激光焊接工艺优化',
        domains: ['advanced_manufacturing'],
        budgetWan: 10,
        deadline: '2026-04-01',
      })
    ).id;
    p.b = (
      await c.f.problem(ent.id, {
        title: 'B 抗体纯化收率 50% 提升',
        domains: ['biomed'],
        budgetWan: null,
        visibility: 'bureau',
      })
    ).id;
    p.c = (
      await c.f.problem(ent.id, {
        title: 'C 储能电池热管理',
        domains: ['new_energy', 'new_materials'],
        budgetWan: 200,
        deadline: '2026-06-30',
      })
    ).id;
    liaison = (
      await t.store.db
        .insertInto('liaisons')
        .values({ side: 'bureau', name: '科技局刘' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    expect(
      (
        await t.call('PATCH', `/api/v1/problems/${p.c}`, {
          body: { version: 1, stage: 'matching', stageReason: '开始匹配', liaisonId: liaison },
        })
      ).status,
    ).toBe(200);
  });
  const list = async (qs: string, token?: string) => {
    const r = await t.call('GET', `/api/v1/problems?enterpriseId=${ent.id}&${qs}`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  it.each([
    ['stage=matching', ['c']],
    ['stage=open,matching', ['a', 'b', 'c']],
    ['domains=biomed,new_materials', ['b', 'c']],
    ['visibility=bureau', ['b']],
    ['liaisonId=LIAISON', ['c']],
    ['budgetMin=50', ['c']],
    ['budgetMax=50', ['a']],
    ['deadlineFrom=2026-05-01', ['c']],
    ['deadlineTo=2026-05-01', ['a']],
    ['postedFrom=2026-03-02&postedTo=2026-03-02', ['a', 'b', 'c']],
    ['postedTo=2026-03-01', []],
    [`q=${encodeURIComponent('50%')}`, ['b']],
    [`q=${encodeURIComponent('%')}`, ['b']],
    [`q=${encodeURIComponent('热管理')}`, ['c']],
  ])('filters %s', async (qs, expected) => {
    const body = await list(qs.replace('LIAISON', liaison));
    expect(ids(body).sort()).toEqual(expected.map((k) => p[k]).sort());
    expect(body.total).toBe(expected.length);
  });

  it.each([
    ['budgetWan', ['a', 'c', 'b']],
    ['-budgetWan', ['c', 'a', 'b']],
    ['deadline', ['a', 'c', 'b']],
    ['-deadline', ['c', 'a', 'b']],
    ['title', ['a', 'b', 'c']],
    ['-title', ['c', 'b', 'a']],
  ])('sorts by %s (nulls last)', async (sort, expected) => {
    expect(ids(await list(`sort=${sort}`))).toEqual(expected.map((k) => p[k]));
  });

  it('reads a budget bound of 0 and of -0 alike, in either order (the query cache once answered the second with 500)', async () => {
    for (const bound of ['budgetMin=0', 'budgetMin=-0', 'budgetMin=0', 'budgetMax=-0', 'budgetMax=0']) {
      const r = await t.call('GET', `/api/v1/problems?enterpriseId=${ent.id}&${bound}`);
      expect(r.status, `${bound}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(ids(r.body).sort(), bound).toEqual(bound.startsWith('budgetMin') ? [p.a, p.c].sort() : []);
    }
    const exported = await t.call('GET', `/api/v1/exports/problems?format=csv&budgetMin=-0`);
    expect(exported.status).toBe(200);
  });

  it('pages with nextCursor', async () => {
    const p1 = await list('sort=title&limit=2');
    expect(ids(p1)).toEqual([p.a, p.b]);
    expect(p1.total).toBe(3);
    const p2 = await list(`sort=title&limit=2&cursor=${p1.nextCursor}`);
    expect(ids(p2)).toEqual([p.c]);
    expect(p2.nextCursor).toBeUndefined();
  });

  it('ignores enterpriseId for an enterprise user, who sees only its own', async () => {
    const own = await c.f.problem(c.entB.id);
    const body = await list('limit=100', c.tokens.entB);
    expect(ids(body)).toContain(own.id);
    expect(body.items.every((i: { enterpriseId: string }) => i.enterpriseId === c.entB.id)).toBe(true);
  });
});

describe('problems: validation', () => {
  const base = () => ({
    enterpriseId: c.entA.id,
    title: '焊缝缺陷在线检测',
    description,
    domains: ['advanced_manufacturing'],
  });
  it.each([
    [{ domains: ['welding'] }, 'domains.0'],
    [{ domains: [] }, 'domains'],
    [{ title: '' }, 'title'],
    [{ title: '太短' }, 'title'],
    [{ description: '描述太短' }, 'description'],
    [{ deadline: '2026-03-01' }, 'deadline'],
    [{ deadline: '2026-13-01' }, 'deadline'],
    [{ budgetWan: '50' }, 'budgetWan'],
    [{ budgetWan: -1 }, 'budgetWan'],
    [{ visibility: 'secret' }, 'visibility'],
    [{ stage: 'matching' }, 'stage'],
    [{ extra: 1 }, 'extra'],
    [{ enterpriseId: undefined }, 'enterpriseId'],
    [{ enterpriseId: MISSING_ID }, 'enterpriseId'],
  ])('%j → 422 at %s', async (over, path) => {
    const r = await t.call('POST', '/api/v1/problems', { body: { ...base(), ...over } });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('says an empty title is empty, and an enterprise may not post for another', async () => {
    expect((await t.call('POST', '/api/v1/problems', { body: { ...base(), title: ' ' } })).body.errors).toEqual([
      { path: 'title', message: '标题不能为空' },
    ]);
    const r = await t.call('POST', '/api/v1/problems', {
      body: { ...base(), enterpriseId: c.entB.id },
      token: c.tokens.entA,
    });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: 'enterpriseId', message: '企业不存在' }]);
  });

  it.each(['limit=1000', 'stage=bogus', 'budgetMin=abc', 'deadlineFrom=2026-1-1', 'sort=-budget'])(
    'list query %s → 400',
    async (qs) => {
      expect((await t.call('GET', `/api/v1/problems?${qs}`)).status).toBe(400);
    },
  );

  it('checks liaisonId: a live bureau liaison, set by the bureau only', async () => {
    const prob = await c.f.problem(c.entA.id);
    const uniSide = (
      await t.store.db
        .insertInto('liaisons')
        .values({ side: 'university', name: '王老师', universityId: c.uniX.id })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    for (const liaisonId of [uniSide, MISSING_ID]) {
      const r = await t.call('PATCH', `/api/v1/problems/${prob.id}`, { body: { version: 1, liaisonId } });
      expect(r.status).toBe(422);
      expect(r.body.errors[0].path).toBe('liaisonId');
    }
    const byEnt = await t.call('PATCH', `/api/v1/problems/${prob.id}`, {
      body: { version: 1, liaisonId: null },
      token: c.tokens.entA,
    });
    expect(byEnt.status).toBe(403);
    expect(byEnt.body.errors[0].path).toBe('liaisonId');
    expect(
      (await t.call('PATCH', `/api/v1/problems/${prob.id}`, { body: { version: 1, deadline: '2026-03-01' } })).body
        .errors[0].path,
    ).toBe('deadline');
  });
});

type ActorKey = 'bureau' | 'entA' | 'entB' | 'uniX';
// Targets belong to entA: entA is the owning enterprise, entB a foreign one.
describe.each<{ actor: ActorKey; pub: number; hidden: number; write: number; missingWrite: number; create: number }>([
  { actor: 'bureau', pub: 200, hidden: 200, write: 200, missingWrite: 404, create: 201 },
  { actor: 'entA', pub: 200, hidden: 200, write: 200, missingWrite: 404, create: 201 },
  { actor: 'entB', pub: 404, hidden: 404, write: 404, missingWrite: 404, create: 422 },
  { actor: 'uniX', pub: 200, hidden: 404, write: 403, missingWrite: 403, create: 403 },
])('problems as $actor', ({ actor, pub, hidden, write, missingWrite, create }) => {
  const token = () => c.tokens[actor];
  it(`get/history: public → ${pub}, bureau-only → ${hidden}, missing → 404; lists match`, async () => {
    const marker = `角色${actor}${Date.now()}`;
    const open = await c.f.problem(c.entA.id, { title: `${marker} 公开难题` });
    const closed = await c.f.problem(c.entA.id, { title: `${marker} 仅局内难题`, visibility: 'bureau' });
    for (const [id, status] of [
      [open.id, pub],
      [closed.id, hidden],
      [MISSING_ID, 404],
    ] as const) {
      expect((await t.call('GET', `/api/v1/problems/${id}`, { token: token() })).status).toBe(status);
      expect((await t.call('GET', `/api/v1/problems/${id}/history`, { token: token() })).status).toBe(status);
    }
    const l = await t.call('GET', `/api/v1/problems?q=${encodeURIComponent(marker)}`, { token: token() });
    expect(l.status).toBe(200);
    expect(ids(l.body).sort()).toEqual(
      [...(pub === 200 ? [open.id] : []), ...(hidden === 200 ? [closed.id] : [])].sort(),
    );
  });
  it(`creates for entA → ${create}`, async () => {
    const r = await t.call('POST', '/api/v1/problems', {
      token: token(),
      body: { enterpriseId: c.entA.id, title: '角色矩阵发布测试', description, domains: ['biomed'] },
    });
    expect(r.status).toBe(create);
  });
  it(`patch → ${write}, missing → ${missingWrite}`, async () => {
    const prob = await c.f.problem(c.entA.id);
    expect(
      (await t.call('PATCH', `/api/v1/problems/${prob.id}`, { token: token(), body: { version: 1, budgetWan: 99 } }))
        .status,
    ).toBe(write);
    expect(
      (await t.call('PATCH', `/api/v1/problems/${MISSING_ID}`, { token: token(), body: { version: 1, budgetWan: 99 } }))
        .status,
    ).toBe(missingWrite);
  });
  it(`delete → ${write === 200 ? 204 : write}, missing → ${missingWrite}`, async () => {
    const prob = await c.f.problem(c.entA.id);
    expect((await t.call('DELETE', `/api/v1/problems/${prob.id}`, { token: token() })).status).toBe(
      write === 200 ? 204 : write,
    );
    expect((await t.call('DELETE', `/api/v1/problems/${MISSING_ID}`, { token: token() })).status).toBe(missingWrite);
    expect((await t.call('GET', `/api/v1/problems/${prob.id}`)).status).toBe(write === 200 ? 404 : 200);
  });
});

describe('problems: what a university sees', () => {
  it('withholds the enterprise identity and contact in get and list, keeping its industry', async () => {
    const prob = await c.f.problem(c.entA.id, { title: '高校视角隐去企业信息' });
    const g = await t.call('GET', `/api/v1/problems/${prob.id}`, { token: c.tokens.uniX });
    const l = await t.call('GET', `/api/v1/problems?q=${encodeURIComponent('高校视角')}`, { token: c.tokens.uniX });
    expect(l.body.items).toEqual([g.body]);
    expect(g.body).toMatchObject({
      enterpriseId: null,
      enterprise: null,
      enterpriseWithheld: true,
      enterpriseIndustry: '通用设备制造业',
      createdBy: null,
    });
    for (const json of [JSON.stringify(g.body), JSON.stringify(l.body)]) {
      expect(json).not.toContain(c.entA.name);
      expect(json).not.toContain('13800000000');
      expect(json).not.toContain(c.entA.id);
    }
  });

  it('does not see a closed problem', async () => {
    const prob = await c.f.problem(c.entA.id, { title: '已关闭难题不可见' });
    expect(
      (
        await t.call('PATCH', `/api/v1/problems/${prob.id}`, {
          body: { version: 1, stage: 'closed', stageReason: '企业已自行解决' },
        })
      ).status,
    ).toBe(200);
    expect((await t.call('GET', `/api/v1/problems/${prob.id}`, { token: c.tokens.uniX })).status).toBe(404);
    expect(
      (await t.call('GET', `/api/v1/problems?q=${encodeURIComponent('已关闭难题')}`, { token: c.tokens.uniX })).body
        .total,
    ).toBe(0);
  });
});
