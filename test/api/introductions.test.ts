/** 推荐与引荐: identity withheld until introduction, every status move allowed and refused, declines with reasons, stage effects, the role matrix. */
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
  labX = await c.f.lab(c.uniX.id, { contactPhone: '13922223333' });
  labY = await c.f.lab(c.uniY.id);
});
afterAll(() => t.close());

const act = (id: string, action: string, token?: string, body: Record<string, unknown> = {}) =>
  t.call('POST', `/api/v1/introductions/${id}/${action}`, { token, body });
const problem = (id: string, token: string) => t.call('GET', `/api/v1/problems/${id}`, { token });

describe('identity withheld until introduction', () => {
  it('the lab’s university sees the enterprise and its contact only once introduced; others never', async () => {
    const p = await b.publishedProblem(c.entA.id, { title: '引荐前隐去企业身份' });
    expect((await problem(p.id, c.tokens.uniX)).body).toMatchObject({
      enterpriseWithheld: true,
      enterprise: null,
      enterpriseId: null,
    });

    const shortlisted = await b.introduction(p.id, labX.id, { note: '视觉检测经验丰富' });
    expect(shortlisted).toMatchObject({
      status: 'shortlisted',
      statusLabel: '候选',
      introducedAt: null,
      sourceLabel: '人工推荐',
    });
    expect((await problem(p.id, c.tokens.uniX)).body.enterpriseWithheld).toBe(true);
    expect((await t.call('GET', `/api/v1/introductions/${shortlisted.id}`, { token: c.tokens.uniX })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/introductions/${shortlisted.id}`, { token: c.tokens.entA })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/introductions?problemId=${p.id}`, { token: c.tokens.entA })).body.total).toBe(
      0,
    );

    const introduced = await act(shortlisted.id, 'introduce');
    expect(introduced.body).toMatchObject({
      status: 'introduced',
      statusLabel: '已引荐',
      introducedAt: expect.any(String),
    });
    const seen = await problem(p.id, c.tokens.uniX);
    expect(seen.body).toMatchObject({
      enterpriseWithheld: false,
      enterpriseId: c.entA.id,
      enterprise: { name: c.entA.name, contactName: '张经理', contactPhone: '13800000000' },
    });
    const listed = await t.call('GET', `/api/v1/problems?q=${encodeURIComponent('引荐前隐去')}`, {
      token: c.tokens.uniX,
    });
    expect(listed.body.items[0].enterprise.name).toBe(c.entA.name);

    const other = await problem(p.id, c.tokens.uniY);
    expect(other.body).toMatchObject({ enterpriseWithheld: true, enterprise: null });
    expect(JSON.stringify(other.body)).not.toContain('13800000000');

    const forUni = await t.call('GET', `/api/v1/introductions/${shortlisted.id}`, { token: c.tokens.uniX });
    expect(forUni.body.enterprise).toMatchObject({
      id: c.entA.id,
      name: c.entA.name,
      contact: { phone: '13800000000' },
    });
    const forEnt = await t.call('GET', `/api/v1/introductions/${shortlisted.id}`, { token: c.tokens.entA });
    expect(forEnt.body.labContact).toMatchObject({ name: '王老师', phone: '13922223333' });
  });

  it('the enterprise sees the lab’s contact on the lab itself once introduced; another enterprise never', async () => {
    const labZ = await c.f.lab(c.uniY.id, { contactPhone: '13955556666' });
    const lab = (token: string) => t.call('GET', `/api/v1/labs/${labZ.id}`, { token });
    const p = await b.publishedProblem(c.entA.id, { title: '引荐后企业可见实验室联系方式' });
    const shortlisted = await b.introduction(p.id, labZ.id);
    expect((await lab(c.tokens.entA)).body).toMatchObject({ contactWithheld: true, contactPhone: null });

    await act(shortlisted.id, 'introduce');
    expect((await lab(c.tokens.entA)).body).toMatchObject({
      contactWithheld: false,
      contactPhone: '13955556666',
      contactName: '王老师',
    });
    const listed = await t.call('GET', `/api/v1/labs?universityId=${c.uniY.id}&limit=100`, { token: c.tokens.entA });
    expect(listed.body.items.find((l: { id: string }) => l.id === labZ.id)).toMatchObject({
      contactWithheld: false,
      contactPhone: '13955556666',
    });

    const other = await lab(c.tokens.entB);
    expect(other.body).toMatchObject({ contactWithheld: true, contactPhone: null });
    expect(JSON.stringify(other.body)).not.toContain('13955556666');
  });

  it('a bureau-only problem becomes visible to the introduced lab’s university, and only to it', async () => {
    const p = await b.publishedProblem(c.entA.id, { visibility: 'bureau' });
    expect((await problem(p.id, c.tokens.uniX)).status).toBe(404);
    await b.introduced(p.id, labX.id);
    expect((await problem(p.id, c.tokens.uniX)).status).toBe(200);
    expect((await problem(p.id, c.tokens.uniY)).status).toBe(404);
  });

  it('a closed problem is hidden from universities, introduced or not', async () => {
    const p = await b.publishedProblem(c.entA.id);
    await b.introduced(p.id, labX.id);
    const v = (await problem(p.id, c.tokens.bureau)).body.version;
    await b.ok('PATCH', `/api/v1/problems/${p.id}`, { version: v, stage: 'closed', stageReason: '企业取消需求' });
    expect((await problem(p.id, c.tokens.uniX)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/problems/${p.id}/history`, { token: c.tokens.uniX })).status).toBe(404);
  });
});

describe('creating', () => {
  it('moves an open problem to matching, with a reason; a problem beyond stays', async () => {
    const p = await b.publishedProblem(c.entA.id);
    await b.introduction(p.id, labX.id);
    const h = await t.call('GET', `/api/v1/problems/${p.id}/history?kinds=stage`);
    expect(h.body.items.at(-1)).toMatchObject({
      fromStage: 'open',
      toStage: 'matching',
      reason: expect.stringContaining(labX.name),
    });
    const q = await b.publishedProblem(c.entA.id);
    await b.ok('PATCH', `/api/v1/problems/${q.id}`, { version: 1, stage: 'negotiating', stageReason: '双方已在洽谈' });
    await b.introduced(q.id, labX.id);
    expect((await problem(q.id, c.tokens.bureau)).body.stage).toBe('negotiating');
  });

  it('from an interest: finds the active interest, or takes a named one; refuses a lab without one', async () => {
    const p = await b.publishedProblem(c.entA.id);
    const interest = await b.interest(p.id, labX.id, c.tokens.uniX);
    const r = await b.introduction(p.id, labX.id, { source: 'interest' });
    expect(r).toMatchObject({ source: 'interest', sourceLabel: '高校意向', interestId: interest.id });
    const none = await t.call('POST', '/api/v1/introductions', {
      body: { problemId: p.id, labId: labY.id, source: 'interest' },
    });
    expect(none.status).toBe(422);
    expect(none.body.errors[0].path).toBe('interestId');
    const wrong = await t.call('POST', '/api/v1/introductions', {
      body: { problemId: p.id, labId: labY.id, source: 'interest', interestId: interest.id },
    });
    expect(wrong.body.errors[0].path).toBe('interestId');
    const match = await b.introduction(p.id, labY.id, { source: 'match', matchScore: 0.82 });
    expect(match).toMatchObject({ sourceLabel: '系统推荐', matchScore: 0.82 });
  });

  it.each<[string, () => Promise<Record<string, unknown>>, string]>([
    [
      'a problem pending review',
      async () => ({ problemId: (await b.pendingProblem(c.tokens.entA)).id, labId: labX.id, source: 'manual' }),
      'problemId',
    ],
    [
      'a closed problem',
      async () => {
        const p = await b.publishedProblem(c.entA.id);
        await b.ok('PATCH', `/api/v1/problems/${p.id}`, { version: 1, stage: 'closed', stageReason: '需求取消' });
        return { problemId: p.id, labId: labX.id, source: 'manual' };
      },
      'problemId',
    ],
    ['a missing problem', async () => ({ problemId: MISSING_ID, labId: labX.id, source: 'manual' }), 'problemId'],
    [
      'a missing lab',
      async () => ({ problemId: (await b.publishedProblem(c.entA.id)).id, labId: MISSING_ID, source: 'manual' }),
      'labId',
    ],
    [
      'interestId with another source',
      async () => ({ problemId: MISSING_ID, labId: labX.id, source: 'manual', interestId: MISSING_ID }),
      'interestId',
    ],
    ['a bad source', async () => ({ problemId: MISSING_ID, labId: labX.id, source: 'phone' }), 'source'],
  ])('refuses %s with 422', async (_case, body, path) => {
    const r = await t.call('POST', '/api/v1/introductions', { body: await body() });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('one live introduction per problem and lab; after a withdrawal the lab may be shortlisted again', async () => {
    const p = await b.publishedProblem(c.entA.id);
    const first = await b.introduction(p.id, labX.id);
    expect(
      (await t.call('POST', '/api/v1/introductions', { body: { problemId: p.id, labId: labX.id, source: 'manual' } }))
        .status,
    ).toBe(409);
    await b.ok('POST', `/api/v1/introductions/${first.id}/withdraw`, { reason: '团队另有安排' });
    expect(
      (await t.call('POST', '/api/v1/introductions', { body: { problemId: p.id, labId: labX.id, source: 'manual' } }))
        .status,
    ).toBe(201);
  });

  it('an Idempotency-Key records one introduction for retries', async () => {
    const p = await b.publishedProblem(c.entA.id);
    const send = () =>
      t.call('POST', '/api/v1/introductions', {
        body: { problemId: p.id, labId: labX.id, source: 'manual' },
        headers: { 'idempotency-key': `intro-${p.id}` },
      });
    const [one, two] = await Promise.all([send(), send()]);
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(two.body.id).toBe(one.body.id);
  });
});

type State = 'shortlisted' | 'introduced' | 'accepted' | 'declined' | 'withdrawn';
/** An introduction of labX to a fresh entA problem, brought to `state`. */
async function introductionIn(state: State): Promise<string> {
  const p = await b.publishedProblem(c.entA.id);
  const n = await b.introduction(p.id, labX.id);
  if (state === 'shortlisted') return n.id;
  if (state === 'withdrawn')
    return (await b.ok('POST', `/api/v1/introductions/${n.id}/withdraw`, { reason: '暂不推荐' })).id;
  await b.ok('POST', `/api/v1/introductions/${n.id}/introduce`, {});
  if (state === 'accepted') {
    await b.ok('POST', `/api/v1/introductions/${n.id}/accept`, {}, c.tokens.entA);
    await b.ok('POST', `/api/v1/introductions/${n.id}/accept`, {}, c.tokens.uniX);
  }
  if (state === 'declined')
    await b.ok('POST', `/api/v1/introductions/${n.id}/decline`, { reason: '周期太长' }, c.tokens.uniX);
  return n.id;
}

const MOVES: [string, string, Record<string, unknown>][] = [
  ['introduce', 'bureau', {}],
  ['accept', 'entA', {}],
  ['decline', 'entA', { reason: '预算不足以支持该方案' }],
  ['withdraw', 'bureau', { reason: '企业需求变化' }],
];
const ALLOWED: Record<string, State[]> = {
  introduce: ['shortlisted'],
  accept: ['introduced'],
  decline: ['introduced', 'accepted'],
  withdraw: ['shortlisted', 'introduced', 'accepted'],
};
const STATES: State[] = ['shortlisted', 'introduced', 'accepted', 'declined', 'withdrawn'];

describe('status moves', () => {
  const cases = MOVES.flatMap(([action, who, body]) =>
    STATES.map((from) => [action, from, who, body, ALLOWED[action]!.includes(from)] as const),
  );
  it.each(cases)('%s from %s (as %s)', async (action, from, who, body, allowed) => {
    const id = await introductionIn(from);
    const r = await act(id, action, c.tokens[who as 'bureau' | 'entA'], body);
    // The two sides never see the bureau's shortlist: acting on it reads as missing.
    const expected = allowed ? 200 : who !== 'bureau' && (from === 'shortlisted' || from === 'withdrawn') ? 404 : 409;
    expect(r.status, JSON.stringify(r.body)).toBe(expected);
  });

  it('both sides accept → accepted; the same side twice is refused', async () => {
    const id = await introductionIn('introduced');
    const one = await act(id, 'accept', c.tokens.uniX);
    expect(one.body).toMatchObject({ status: 'introduced', universityResponse: 'accepted', enterpriseResponse: null });
    expect((await act(id, 'accept', c.tokens.uniX)).status).toBe(409);
    const both = await act(id, 'accept', c.tokens.entA);
    expect(both.body).toMatchObject({
      status: 'accepted',
      statusLabel: '双方同意对接',
      enterpriseResponse: 'accepted',
    });
  });

  it('a decline needs a reason, which the other side and the bureau see', async () => {
    const id = await introductionIn('introduced');
    expect((await act(id, 'decline', c.tokens.entA, {})).status).toBe(422);
    const r = await act(id, 'decline', c.tokens.entA, { reason: '方案成本超出预算' });
    expect(r.body).toMatchObject({
      status: 'declined',
      declinedBy: 'enterprise',
      declinedByLabel: '企业',
      declineReason: '方案成本超出预算',
      enterpriseResponse: 'declined',
    });
    for (const token of [c.tokens.uniX, c.tokens.bureau]) {
      expect((await t.call('GET', `/api/v1/introductions/${id}`, { token })).body).toMatchObject({
        declineReason: '方案成本超出预算',
        declinedBy: 'enterprise',
      });
    }
  });

  it('versions: a stale one is 409; two concurrent introduces, one wins', async () => {
    const id = await introductionIn('shortlisted');
    expect((await act(id, 'introduce', undefined, { version: 7 })).status).toBe(409);
    const results = await Promise.all([act(id, 'introduce'), act(id, 'introduce')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const p = await t.call('PATCH', `/api/v1/introductions/${id}`, { body: { version: 1, note: '过期' } });
    expect(p.status).toBe(409);
    const fresh = (await t.call('GET', `/api/v1/introductions/${id}`)).body;
    expect(
      (await t.call('PATCH', `/api/v1/introductions/${id}`, { body: { version: fresh.version, note: '补充推荐理由' } }))
        .body.note,
    ).toBe('补充推荐理由');
  });
});

describe('the timeline per viewer', () => {
  it('the enterprise and the introduced university see introduction events, not the shortlist; another university nothing', async () => {
    const p = await b.publishedProblem(c.entA.id);
    const dropped = await b.introduction(p.id, labY.id);
    await b.ok('POST', `/api/v1/introductions/${dropped.id}/withdraw`, { reason: '方向不符' });
    const n = await b.introduction(p.id, labX.id);
    await b.ok('POST', `/api/v1/introductions/${n.id}/introduce`, {});
    await b.ok('POST', `/api/v1/introductions/${n.id}/decline`, { reason: '团队满负荷' }, c.tokens.uniX);
    const events = async (token: string) =>
      (await t.call('GET', `/api/v1/problems/${p.id}/history?kinds=introduction`, { token })).body.items.map(
        (i: { event: string; lab: { id: string }; reason: string | null }) => [i.event, i.lab.id, i.reason],
      );
    expect(await events(c.tokens.bureau)).toEqual([
      ['shortlisted', labY.id, null],
      ['withdrawn', labY.id, '方向不符'],
      ['shortlisted', labX.id, null],
      ['introduced', labX.id, null],
      ['declined', labX.id, '团队满负荷'],
    ]);
    expect(await events(c.tokens.entA)).toEqual([
      ['introduced', labX.id, null],
      ['declined', labX.id, '团队满负荷'],
    ]);
    expect(await events(c.tokens.uniX)).toEqual(await events(c.tokens.entA));
    expect(await events(c.tokens.uniY)).toEqual([]);
  });
});

type ActorKey = 'bureau' | 'entA' | 'entB' | 'uniX' | 'uniY';
describe.each<{ actor: ActorKey; create: number; read: number; bureauOnly: number; respond: number }>([
  { actor: 'bureau', create: 201, read: 200, bureauOnly: 200, respond: 403 },
  { actor: 'entA', create: 403, read: 200, bureauOnly: 403, respond: 200 },
  { actor: 'entB', create: 403, read: 404, bureauOnly: 403, respond: 404 },
  { actor: 'uniX', create: 403, read: 200, bureauOnly: 403, respond: 200 },
  { actor: 'uniY', create: 403, read: 404, bureauOnly: 403, respond: 404 },
])(
  'introduction routes as $actor (labX of uniX introduced to an entA problem)',
  ({ actor, create, read, bureauOnly, respond }) => {
    const token = () => c.tokens[actor];
    it(`create → ${create}; get → ${read}; patch/introduce/withdraw → ${bureauOnly}; accept/decline → ${respond}`, async () => {
      const p = await b.publishedProblem(c.entA.id);
      expect(
        (
          await t.call('POST', '/api/v1/introductions', {
            token: token(),
            body: { problemId: p.id, labId: labX.id, source: 'manual' },
          })
        ).status,
      ).toBe(create);
      const shortlisted = await introductionIn('shortlisted');
      expect((await act(shortlisted, 'introduce', token())).status).toBe(bureauOnly);
      const id = await introductionIn('introduced');
      expect((await t.call('GET', `/api/v1/introductions/${id}`, { token: token() })).status).toBe(read);
      expect((await t.call('GET', `/api/v1/introductions/${MISSING_ID}`, { token: token() })).status).toBe(404);
      expect((await t.call('GET', '/api/v1/introductions', { token: token() })).status).toBe(200);
      expect(
        (
          await t.call('PATCH', `/api/v1/introductions/${id}`, {
            token: token(),
            body: { version: 2, note: '角色矩阵' },
          })
        ).status,
      ).toBe(bureauOnly);
      expect((await act(id, 'accept', token())).status).toBe(respond);
      expect((await act(id, 'decline', token(), { reason: '角色矩阵婉拒' })).status).toBe(respond);
      expect((await act(MISSING_ID, 'decline', token(), { reason: '角色矩阵婉拒' })).status).toBe(
        respond === 403 ? 403 : 404,
      );
      expect((await act(id, 'withdraw', token(), { reason: '角色矩阵撤销' })).status).toBe(
        bureauOnly === 200 ? 200 : 403,
      );
    });
  },
);
