/** 对接记录: recording contacts, the first contact moving a problem to contacted, follow-ups, who reads which, the role matrix. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast, MISSING_ID } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let b: ReturnType<typeof brokering>;
let labX: { id: string; name: string };
let liaison: { id: string; name: string };
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  b = brokering(t);
  labX = await c.f.lab(c.uniX.id);
  liaison = await b.liaison({ phone: '0571-86001234', email: 'liu@kjj.example.gov.cn' });
});
afterAll(() => t.close());

const stageOf = async (id: string) => (await t.call('GET', `/api/v1/problems/${id}`)).body.stage;
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('contacts: recording', () => {
  it('records a visit with liaisons and participants; the first contact moves the problem to contacted, the next does not', async () => {
    const p = await b.publishedProblem(c.entA.id);
    const r = await t.call('POST', '/api/v1/contacts', {
      body: {
        kind: 'visit',
        occurredAt: b.daysAgo(2),
        enterpriseId: c.entA.id,
        labId: labX.id,
        problemId: p.id,
        liaisonIds: [liaison.id],
        participantNames: ['张经理（企业）', '王老师（高校）'],
        summary: '现场查看注塑产线，讨论检测方案。',
        outcome: '双方同意先做样件测试',
        nextStep: '一周内寄送样件',
        followUpOn: shift(today(), 7),
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'visit',
      kindLabel: '上门服务',
      enterprise: { id: c.entA.id, name: c.entA.name },
      lab: { id: labX.id, name: labX.name, university: { id: c.uniX.id } },
      problem: { id: p.id },
      liaisons: [{ id: liaison.id, name: liaison.name, side: 'bureau' }],
      participantNames: ['张经理（企业）', '王老师（高校）'],
      followUpState: 'pending',
      followUpStateLabel: '待跟进',
      version: 1,
    });
    expect(JSON.stringify(r.body)).not.toContain('0571-86001234');
    expect(await stageOf(p.id)).toBe('contacted');
    await b.contact(c.entA.id, { problemId: p.id, kind: 'call' });
    const stages = await t.call('GET', `/api/v1/problems/${p.id}/history?kinds=stage`);
    expect(stages.body.items.map((i: { toStage: string; reason: string | null }) => [i.toStage, i.reason])).toEqual([
      ['open', null],
      ['contacted', '对接记录：上门服务'],
    ]);
    const timeline = await t.call('GET', `/api/v1/problems/${p.id}/history?kinds=contact`);
    expect(timeline.body.items.map((i: { contactKindLabel: string }) => i.contactKindLabel)).toEqual([
      '上门服务',
      '电话',
    ]);
  });

  it.each([
    ['matching', 'contacted'],
    ['negotiating', 'negotiating'],
    ['closed', 'closed'],
  ])('a contact on a %s problem leaves it %s', async (from, to) => {
    const p = await b.publishedProblem(c.entA.id);
    await b.ok('PATCH', `/api/v1/problems/${p.id}`, { version: 1, stage: from, stageReason: '测试准备' });
    await b.contact(c.entA.id, { problemId: p.id });
    expect(await stageOf(p.id)).toBe(to);
  });

  it('naming a problem later by PATCH moves it too', async () => {
    const p = await b.publishedProblem(c.entA.id);
    const contact = await b.contact(c.entA.id);
    expect(await stageOf(p.id)).toBe('open');
    const r = await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { body: { version: 1, problemId: p.id } });
    expect(r.status).toBe(200);
    expect(await stageOf(p.id)).toBe('contacted');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a problem of another enterprise', { problemId: 'ENT_B_PROBLEM' }, 'problemId'],
    ['a missing enterprise', { enterpriseId: MISSING_ID }, 'enterpriseId'],
    ['a missing lab', { labId: MISSING_ID }, 'labId'],
    ['a missing liaison', { liaisonIds: ['LIAISON', MISSING_ID] }, 'liaisonIds.1'],
    ['a time in the future', { occurredAt: new Date(Date.now() + 86_400_000).toISOString() }, 'occurredAt'],
    ['a time without offset', { occurredAt: '2026-03-02T10:00:00' }, 'occurredAt'],
    [
      'a follow-up before the contact',
      { occurredAt: '2026-03-02T10:00:00+08:00', followUpOn: '2026-03-01' },
      'followUpOn',
    ],
    ['an unknown kind', { kind: 'dinner' }, 'kind'],
    ['no summary', { summary: '' }, 'summary'],
  ])('refuses %s with 422', async (_case, over, path) => {
    const entB = await b.publishedProblem(c.entB.id);
    const body = JSON.parse(
      JSON.stringify({
        kind: 'meeting',
        occurredAt: b.daysAgo(1),
        enterpriseId: c.entA.id,
        summary: '座谈交流技术需求。',
        ...over,
      })
        .replace('ENT_B_PROBLEM', entB.id)
        .replace('LIAISON', liaison.id),
    );
    const r = await t.call('POST', '/api/v1/contacts', { body });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('an Idempotency-Key records one contact for retries', async () => {
    const body = { kind: 'online', occurredAt: b.daysAgo(1), enterpriseId: c.entA.id, summary: '线上会议讨论幂等性。' };
    const [one, two] = await Promise.all(
      [1, 2].map(() => t.call('POST', '/api/v1/contacts', { body, headers: { 'idempotency-key': 'contact-once' } })),
    );
    expect(two!.body.id).toBe(one!.body.id);
    expect(
      (await t.store.db.selectFrom('contacts').select('id').where('summary', '=', '线上会议讨论幂等性。').execute())
        .length,
    ).toBe(1);
  });
});

describe('contacts: follow-ups', () => {
  it('completes a follow-up once; a new date is a new follow-up', async () => {
    const contact = await b.contact(c.entA.id, { followUpOn: shift(today(), 3) });
    const done = await t.call('POST', `/api/v1/contacts/${contact.id}/follow-up`, {
      body: { note: '已电话确认样件寄出' },
    });
    expect(done.body).toMatchObject({
      followUpState: 'done',
      followUpStateLabel: '已跟进',
      followUpNote: '已电话确认样件寄出',
      followUpDoneAt: expect.any(String),
    });
    expect((await t.call('POST', `/api/v1/contacts/${contact.id}/follow-up`, { body: {} })).status).toBe(409);
    const moved = await t.call('PATCH', `/api/v1/contacts/${contact.id}`, {
      body: { version: done.body.version, followUpOn: shift(today(), 10) },
    });
    expect(moved.body).toMatchObject({ followUpState: 'pending', followUpDoneAt: null, followUpNote: null });
    const none = await b.contact(c.entA.id);
    expect(none.followUpState).toBe('none');
    expect((await t.call('POST', `/api/v1/contacts/${none.id}/follow-up`, { body: {} })).status).toBe(409);
  });

  it('an old follow-up date not done is overdue; lists filter by follow-up state, kind, liaison and dates', async () => {
    const ent = await c.f.enterprise();
    const overdue = await b.contact(ent.id, {
      occurredAt: b.daysAgo(20),
      followUpOn: shift(today(), -5),
      kind: 'meeting',
      liaisonIds: [liaison.id],
    });
    const pending = await b.contact(ent.id, { followUpOn: shift(today(), 2), kind: 'call' });
    const list = async (qs: string) =>
      (await t.call('GET', `/api/v1/contacts?enterpriseId=${ent.id}&${qs}`)).body.items.map(
        (i: { id: string }) => i.id,
      );
    expect(overdue.followUpState).toBe('overdue');
    expect(await list('followUp=overdue')).toEqual([overdue.id]);
    expect(await list('followUp=pending')).toEqual([pending.id]);
    expect(await list('kind=meeting,visit')).toEqual([overdue.id]);
    expect(await list(`liaisonId=${liaison.id}`)).toEqual([overdue.id]);
    expect(await list(`to=${shift(today(), -10)}`)).toEqual([overdue.id]);
    expect(await list('sort=occurredAt')).toEqual([overdue.id, pending.id]);
    expect(await list('sort=-occurredAt')).toEqual([pending.id, overdue.id]);
  });
});

describe('contacts: who reads which', () => {
  it('an enterprise its own; a university those with its labs; contacts without a lab stay with the bureau and the enterprise', async () => {
    const withLab = await b.contact(c.entA.id, { labId: labX.id, liaisonIds: [liaison.id] });
    const noLab = await b.contact(c.entA.id);
    const get = async (id: string, token: string) => (await t.call('GET', `/api/v1/contacts/${id}`, { token })).status;
    expect([
      await get(withLab.id, c.tokens.entA),
      await get(withLab.id, c.tokens.entB),
      await get(withLab.id, c.tokens.uniX),
      await get(withLab.id, c.tokens.uniY),
    ]).toEqual([200, 404, 200, 404]);
    expect([await get(noLab.id, c.tokens.entA), await get(noLab.id, c.tokens.uniX)]).toEqual([200, 404]);
    const uniList = await t.call('GET', '/api/v1/contacts?limit=100', { token: c.tokens.uniX });
    expect(
      uniList.body.items.every(
        (i: { lab: { university: { id: string } } | null }) => i.lab?.university.id === c.uniX.id,
      ),
    ).toBe(true);
    const entList = await t.call('GET', '/api/v1/contacts?limit=100', { token: c.tokens.entB });
    expect(entList.body.items.every((i: { enterpriseId: string }) => i.enterpriseId === c.entB.id)).toBe(true);
    for (const token of Object.values(c.tokens)) {
      const json = JSON.stringify((await t.call('GET', '/api/v1/contacts?limit=100', { token })).body);
      expect(json).not.toContain('0571-86001234');
      expect(json).not.toContain('liu@kjj.example.gov.cn');
    }
  });
});

describe('contacts: versions and deletion', () => {
  it('stale PATCH is 409 / 412; delete hides the record', async () => {
    const contact = await b.contact(c.entA.id);
    expect(
      (await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { body: { version: 1, outcome: '甲' } })).status,
    ).toBe(200);
    expect(
      (await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { body: { version: 1, outcome: '乙' } })).status,
    ).toBe(409);
    expect(
      (
        await t.call('PATCH', `/api/v1/contacts/${contact.id}`, {
          body: { outcome: '乙' },
          headers: { 'if-match': '"v1"' },
        })
      ).status,
    ).toBe(412);
    expect((await t.call('DELETE', `/api/v1/contacts/${contact.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/contacts/${contact.id}`)).status).toBe(404);
  });
});

type ActorKey = 'bureau' | 'entA' | 'uniX';
describe.each<{ actor: ActorKey; write: number; created: number }>([
  { actor: 'bureau', write: 200, created: 201 },
  { actor: 'entA', write: 403, created: 403 },
  { actor: 'uniX', write: 403, created: 403 },
])('contact writes as $actor (own enterprise and lab)', ({ actor, write, created }) => {
  const token = () => c.tokens[actor];
  it(`create → ${created}; patch, follow-up → ${write}; delete → ${write === 200 ? 204 : write}; missing → ${write === 200 ? 404 : write}`, async () => {
    const body = {
      kind: 'event',
      occurredAt: b.daysAgo(1),
      enterpriseId: c.entA.id,
      labId: labX.id,
      summary: '参加产学研对接活动。',
      followUpOn: today(),
    };
    expect((await t.call('POST', '/api/v1/contacts', { token: token(), body })).status).toBe(created);
    const contact = await b.contact(c.entA.id, { labId: labX.id, followUpOn: today() });
    expect(
      (
        await t.call('PATCH', `/api/v1/contacts/${contact.id}`, {
          token: token(),
          body: { version: 1, outcome: '角色矩阵' },
        })
      ).status,
    ).toBe(write);
    expect(
      (await t.call('POST', `/api/v1/contacts/${contact.id}/follow-up`, { token: token(), body: {} })).status,
    ).toBe(write);
    expect(
      (
        await t.call('PATCH', `/api/v1/contacts/${MISSING_ID}`, {
          token: token(),
          body: { version: 1, outcome: '角色矩阵' },
        })
      ).status,
    ).toBe(write === 200 ? 404 : write);
    expect((await t.call('DELETE', `/api/v1/contacts/${contact.id}`, { token: token() })).status).toBe(
      write === 200 ? 204 : write,
    );
  });
});
