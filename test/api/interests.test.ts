/** 合作意向: expressing, editing and withdrawing interest, the rules on labs and problems, who sees what (contacts after introduction), the role matrix. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast, MISSING_ID } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let b: ReturnType<typeof brokering>;
let labX: { id: string; name: string };
let labY: { id: string };
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  b = brokering(t);
  labX = await c.f.lab(c.uniX.id, { contactPhone: '13911112222', contactEmail: 'wang@lab.example.cn' });
  labY = await c.f.lab(c.uniY.id);
});
afterAll(() => t.close());

const express = (body: Record<string, unknown>, token = c.tokens.uniX, headers: Record<string, string> = {}) =>
  t.call('POST', '/api/v1/interests', { token, body, headers });
const note = '团队做过注塑件表面缺陷检测，可先做样件测试。';

describe('interests: happy path', () => {
  it('a university liaison expresses interest for its lab; edits the note with a version; withdraws; may express again', async () => {
    const p = await b.publishedProblem(c.entA.id);
    const r = await express({ problemId: p.id, labId: labX.id, note });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.headers.get('location')).toBe(`/api/v1/interests/${r.body.id}`);
    expect(r.body).toMatchObject({
      problem: { id: p.id, title: p.title, stage: 'open', stageLabel: '征集中' },
      lab: { id: labX.id, name: labX.name },
      university: { id: c.uniX.id, name: c.uniX.name },
      note,
      status: 'active',
      statusLabel: '有效',
      introduced: false,
      contact: { name: '王老师', phone: '13911112222', email: 'wang@lab.example.cn' },
      contactWithheld: false,
      version: 1,
    });
    expect((await t.call('GET', `/api/v1/interests/${r.body.id}`, { token: c.tokens.uniX })).headers.get('etag')).toBe(
      '"v1"',
    );

    const edited = await t.call('PATCH', `/api/v1/interests/${r.body.id}`, {
      token: c.tokens.uniX,
      body: { version: 1, note: '补充：团队有三台线阵相机可用于测试。' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, note: '补充：团队有三台线阵相机可用于测试。' });
    expect(
      (
        await t.call('PATCH', `/api/v1/interests/${r.body.id}`, {
          token: c.tokens.uniX,
          body: { version: 1, note: '过期版本' },
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await t.call('PATCH', `/api/v1/interests/${r.body.id}`, {
          token: c.tokens.uniX,
          body: { note: '过期版本' },
          headers: { 'if-match': '"v1"' },
        })
      ).status,
    ).toBe(412);
    expect(
      (await t.call('PATCH', `/api/v1/interests/${r.body.id}`, { token: c.tokens.uniX, body: { note: '没有版本' } }))
        .status,
    ).toBe(428);

    expect((await express({ problemId: p.id, labId: labX.id, note })).status).toBe(409);
    const w = await t.call('POST', `/api/v1/interests/${r.body.id}/withdraw`, {
      token: c.tokens.uniX,
      body: { reason: '团队排期已满' },
    });
    expect(w.status).toBe(200);
    expect(w.body).toMatchObject({
      status: 'withdrawn',
      statusLabel: '已撤回',
      withdrawReason: '团队排期已满',
      withdrawnAt: expect.any(String),
    });
    expect(
      (await t.call('POST', `/api/v1/interests/${r.body.id}/withdraw`, { token: c.tokens.uniX, body: {} })).status,
    ).toBe(409);
    expect(
      (
        await t.call('PATCH', `/api/v1/interests/${r.body.id}`, {
          token: c.tokens.uniX,
          body: { version: w.body.version, note: '已撤回不能改' },
        })
      ).status,
    ).toBe(409);
    expect((await express({ problemId: p.id, labId: labX.id, note })).status).toBe(201);
  });

  it('an Idempotency-Key makes a retried create record once', async () => {
    const p = await b.publishedProblem(c.entA.id);
    const body = { problemId: p.id, labId: labX.id, note };
    const [one, two] = await Promise.all([
      express(body, c.tokens.uniX, { 'idempotency-key': 'interest-once' }),
      express(body, c.tokens.uniX, { 'idempotency-key': 'interest-once' }),
    ]);
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(two.body.id).toBe(one.body.id);
    const rows = await t.store.db.selectFrom('interests').select('id').where('problemId', '=', p.id).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('interests: which labs and problems', () => {
  let open: { id: string };
  beforeAll(async () => {
    open = await b.publishedProblem(c.entA.id);
  });

  it.each<[string, () => Promise<Record<string, unknown>>, string]>([
    ['a lab of another university', async () => ({ problemId: open.id, labId: labY.id, note }), 'labId'],
    ['a missing lab', async () => ({ problemId: open.id, labId: MISSING_ID, note }), 'labId'],
    ['a missing problem', async () => ({ problemId: MISSING_ID, labId: labX.id, note }), 'problemId'],
    [
      'a problem pending review',
      async () => ({ problemId: (await b.pendingProblem(c.tokens.entA)).id, labId: labX.id, note }),
      'problemId',
    ],
    [
      'a bureau-only problem',
      async () => ({
        problemId: (await b.publishedProblem(c.entA.id, { visibility: 'bureau' })).id,
        labId: labX.id,
        note,
      }),
      'problemId',
    ],
    [
      'a closed problem',
      async () => {
        const p = await b.publishedProblem(c.entA.id);
        await b.ok('PATCH', `/api/v1/problems/${p.id}`, { version: 1, stage: 'closed', stageReason: '企业已自行解决' });
        return { problemId: p.id, labId: labX.id, note };
      },
      'problemId',
    ],
    ['no note', async () => ({ problemId: open.id, labId: labX.id }), 'note'],
    [
      'a note over 500 characters',
      async () => ({ problemId: open.id, labId: labX.id, note: '长'.repeat(501) }),
      'note',
    ],
    ['an unknown field', async () => ({ problemId: open.id, labId: labX.id, note, score: 1 }), 'score'],
  ])('refuses %s with 422', async (_case, body, path) => {
    const r = await express(await body());
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('interests: who sees what', () => {
  let p: { id: string };
  let interest: { id: string };
  beforeAll(async () => {
    p = await b.publishedProblem(c.entA.id);
    interest = await b.interest(p.id, labX.id, c.tokens.uniX);
  });

  it('the enterprise sees lab and university names but no contact before an introduction, then the contact', async () => {
    const before = await t.call('GET', `/api/v1/interests/${interest.id}`, { token: c.tokens.entA });
    expect(before.body).toMatchObject({
      lab: { name: labX.name },
      university: { name: c.uniX.name },
      contact: null,
      contactWithheld: true,
      introduced: false,
    });
    const list = await t.call('GET', `/api/v1/interests?problemId=${p.id}`, { token: c.tokens.entA });
    for (const json of [JSON.stringify(before.body), JSON.stringify(list.body)]) {
      expect(json).not.toContain('13911112222');
      expect(json).not.toContain('wang@lab.example.cn');
    }
    await b.introduced(p.id, labX.id, { source: 'interest' });
    const after = await t.call('GET', `/api/v1/interests/${interest.id}`, { token: c.tokens.entA });
    expect(after.body).toMatchObject({
      introduced: true,
      contactWithheld: false,
      contact: { phone: '13911112222', expressedBy: expect.any(String) },
    });
  });

  it('lists are scoped: the bureau all, the enterprise its problems, a university its own', async () => {
    const other = await b.publishedProblem(c.entB.id);
    const theirs = await b.interest(other.id, labY.id, c.tokens.uniY);
    const ids = async (token: string, qs = '') =>
      (await t.call('GET', `/api/v1/interests?limit=100${qs}`, { token })).body.items.map((i: { id: string }) => i.id);
    expect(await ids(c.tokens.bureau)).toEqual(expect.arrayContaining([interest.id, theirs.id]));
    expect(await ids(c.tokens.entA)).toContain(interest.id);
    expect(await ids(c.tokens.entA)).not.toContain(theirs.id);
    expect(await ids(c.tokens.entB)).toEqual([theirs.id]);
    expect(await ids(c.tokens.uniY)).toEqual([theirs.id]);
    expect(await ids(c.tokens.uniY, `&universityId=${c.uniX.id}`)).toEqual([theirs.id]);
    expect(await ids(c.tokens.bureau, `&universityId=${c.uniY.id}`)).toEqual([theirs.id]);
  });

  it('filters by status and lab, sorts and pages', async () => {
    const q = await b.publishedProblem(c.entA.id);
    const labX2 = await c.f.lab(c.uniX.id);
    const first = await b.interest(q.id, labX.id, c.tokens.uniX);
    const second = await b.interest(q.id, labX2.id, c.tokens.uniX);
    await b.ok('POST', `/api/v1/interests/${first.id}/withdraw`, {}, c.tokens.uniX);
    const list = (qs: string) => t.call('GET', `/api/v1/interests?problemId=${q.id}&${qs}`);
    expect((await list('status=active')).body.items.map((i: { id: string }) => i.id)).toEqual([second.id]);
    expect((await list(`labId=${labX.id}`)).body.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
    const page1 = await list('sort=createdAt&limit=1');
    expect(page1.body).toMatchObject({ total: 2, items: [{ id: first.id }] });
    expect(
      (await list(`sort=createdAt&limit=1&cursor=${page1.body.nextCursor}`)).body.items.map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual([second.id]);
    expect((await list('status=bogus')).status).toBe(400);
  });
});

type ActorKey = 'bureau' | 'entA' | 'entB' | 'uniX' | 'uniY';
describe.each<{ actor: ActorKey; create: number; read: number; write: number }>([
  { actor: 'bureau', create: 403, read: 200, write: 403 },
  { actor: 'entA', create: 403, read: 200, write: 403 },
  { actor: 'entB', create: 403, read: 404, write: 403 },
  { actor: 'uniX', create: 201, read: 200, write: 200 },
  { actor: 'uniY', create: 422, read: 404, write: 404 },
])('interest routes as $actor (uniX expresses interest in an entA problem)', ({ actor, create, read, write }) => {
  const token = () => c.tokens[actor];
  it(`create → ${create}; get → ${read}, missing → 404; patch and withdraw → ${write}`, async () => {
    const p = await b.publishedProblem(c.entA.id);
    expect((await express({ problemId: p.id, labId: labX.id, note }, token())).status).toBe(create);
    const own = await b.interest((await b.publishedProblem(c.entA.id)).id, labX.id, c.tokens.uniX);
    expect((await t.call('GET', `/api/v1/interests/${own.id}`, { token: token() })).status).toBe(read);
    expect((await t.call('GET', `/api/v1/interests/${MISSING_ID}`, { token: token() })).status).toBe(404);
    expect((await t.call('GET', '/api/v1/interests', { token: token() })).status).toBe(200);
    expect(
      (
        await t.call('PATCH', `/api/v1/interests/${own.id}`, {
          token: token(),
          body: { version: 1, note: '角色矩阵修改说明' },
        })
      ).status,
    ).toBe(write);
    expect((await t.call('POST', `/api/v1/interests/${own.id}/withdraw`, { token: token(), body: {} })).status).toBe(
      write,
    );
    expect(
      (await t.call('POST', `/api/v1/interests/${MISSING_ID}/withdraw`, { token: token(), body: {} })).status,
    ).toBe(write === 403 ? 403 : 404);
  });
});
