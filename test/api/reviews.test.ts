/** 难题审核: enterprise posts wait for review, every review step allowed and refused, who sees what, versions, hints, the role matrix. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast, MISSING_ID } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let b: ReturnType<typeof brokering>;
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  b = brokering(t);
});
afterAll(() => t.close());

type Status = 'pending_review' | 'revision_requested' | 'published' | 'rejected';
type Step = 'approve' | 'request_revision' | 'reject' | 'resubmit';

/** `comment: null` leaves the comment out. */
const review = (
  id: string,
  decision: string,
  comment: string | null = '请补充现有工艺数据',
  token?: string,
  extra: Record<string, unknown> = {},
) =>
  t.call('POST', `/api/v1/problems/${id}/review`, {
    token,
    body: { decision, ...(comment === null ? {} : { comment }), ...extra },
  });
const resubmit = (id: string, token?: string, body: Record<string, unknown> = {}) =>
  t.call('POST', `/api/v1/problems/${id}/resubmit`, { token, body });
const step = (id: string, s: Step, token?: string) =>
  s === 'resubmit' ? resubmit(id, token) : review(id, s, s === 'approve' ? null : '请补充现有工艺数据', token);

/** An entA problem posted by entA's user and brought to `status` by the bureau. */
async function problemIn(status: Status): Promise<string> {
  const p = await b.pendingProblem(c.tokens.entA);
  if (status === 'published') await b.approve(p.id);
  if (status === 'revision_requested' || status === 'rejected')
    expect((await review(p.id, status === 'rejected' ? 'reject' : 'request_revision')).status).toBe(200);
  return p.id;
}

describe('posting', () => {
  it('an enterprise problem starts pending review, with a submit row; universities cannot see it', async () => {
    const p = await b.pendingProblem(c.tokens.entA, { title: '待审核难题不对高校可见' });
    expect(p).toMatchObject({ reviewStatus: 'pending_review', reviewStatusLabel: '待审核', stage: 'open' });
    const reviews = await t.call('GET', `/api/v1/problems/${p.id}/reviews`, { token: c.tokens.entA });
    expect(reviews.body.items).toMatchObject([
      { action: 'submit', actionLabel: '提交审核', fromStatus: null, toStatus: 'pending_review', comment: null },
    ]);
    expect((await t.call('GET', `/api/v1/problems/${p.id}`, { token: c.tokens.uniX })).status).toBe(404);
    const list = await t.call(
      'GET',
      `/api/v1/problems?q=${encodeURIComponent('待审核难题')}&reviewStatus=pending_review`,
      { token: c.tokens.uniX },
    );
    expect(list.body.total).toBe(0);
    expect((await t.call('GET', `/api/v1/problems/${p.id}`)).body.reviewStatus).toBe('pending_review');
  });

  it('a bureau problem is published directly, or pending with publish: false; an enterprise may not ask to publish', async () => {
    const direct = await b.publishedProblem(c.entA.id);
    expect(direct.reviewStatus).toBe('published');
    expect((await t.call('GET', `/api/v1/problems/${direct.id}/reviews`)).body.items).toEqual([]);
    const held = await b.publishedProblem(c.entA.id, { publish: false });
    expect(held.reviewStatus).toBe('pending_review');
    const r = await t.call('POST', '/api/v1/problems', {
      token: c.tokens.entA,
      body: {
        title: '企业直接发布测试',
        description: '企业用户不能跳过审核直接发布技术难题的测试描述。',
        domains: ['biomed'],
        publish: true,
      },
    });
    expect(r.status).toBe(403);
    expect(r.body.errors[0].path).toBe('publish');
  });

  it('the review queue is a problems list filter', async () => {
    const id = await problemIn('pending_review');
    const queue = await t.call('GET', '/api/v1/problems?reviewStatus=pending_review&limit=100');
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(queue.body.items.every((i: { reviewStatus: string }) => i.reviewStatus === 'pending_review')).toBe(true);
  });
});

describe('the review cycle', () => {
  it('revision requested → enterprise edits and resubmits → approved, visible to universities, all in the history', async () => {
    const id = await problemIn('pending_review');
    const back = await review(id, 'request_revision', '请写明现有漏检率与目标指标');
    expect(back.body).toMatchObject({ reviewStatus: 'revision_requested', reviewStatusLabel: '待整改' });
    const edited = await t.call('PATCH', `/api/v1/problems/${id}`, {
      token: c.tokens.entA,
      body: {
        version: back.body.version,
        description: '现有人工目检漏检率约 3%，希望把漏检率降到 0.5% 以下，节拍每分钟 60 件。',
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.reviewStatus).toBe('revision_requested');
    const again = await resubmit(id, c.tokens.entA, { comment: '已补充现状与指标', version: edited.body.version });
    expect(again.status).toBe(200);
    expect(again.body.reviewStatus).toBe('pending_review');
    expect(again.headers.get('etag')).toBe(`"v${again.body.version}"`);
    expect((await review(id, 'approve', null)).body.reviewStatus).toBe('published');
    expect((await t.call('GET', `/api/v1/problems/${id}`, { token: c.tokens.uniX })).status).toBe(200);
    const h = await t.call('GET', `/api/v1/problems/${id}/reviews`, { token: c.tokens.entA });
    expect(h.body.items.map((i: { action: string; comment: string | null }) => [i.action, i.comment])).toEqual([
      ['submit', null],
      ['request_revision', '请写明现有漏检率与目标指标'],
      ['resubmit', '已补充现状与指标'],
      ['approve', null],
    ]);
    expect(h.body.items[1]).toMatchObject({
      fromStatus: 'pending_review',
      toStatus: 'revision_requested',
      toStatusLabel: '待整改',
      actorName: '系统管理员',
    });
  });

  it('a rejected problem is frozen for the enterprise; the bureau may still edit it', async () => {
    const id = await problemIn('rejected');
    const p = (await t.call('GET', `/api/v1/problems/${id}`)).body;
    expect(p.reviewStatusLabel).toBe('已驳回');
    expect(
      (
        await t.call('PATCH', `/api/v1/problems/${id}`, {
          token: c.tokens.entA,
          body: { version: p.version, budgetWan: 9 },
        })
      ).status,
    ).toBe(409);
    expect(
      (await t.call('PATCH', `/api/v1/problems/${id}`, { body: { version: p.version, budgetWan: 9 } })).status,
    ).toBe(200);
  });

  it('request_revision and reject need a comment; a bad decision is 422', async () => {
    const id = await problemIn('pending_review');
    for (const decision of ['request_revision', 'reject']) {
      const r = await review(id, decision, null);
      expect(r.status).toBe(422);
      expect(r.body.errors[0].path).toBe('comment');
    }
    expect((await review(id, 'publish')).status).toBe(422);
    expect((await review(id, 'approve', 'x')).status).toBe(422);
  });

  it('writes an outbox row so the search index hears of the new review state', async () => {
    const id = await problemIn('pending_review');
    const before = await t.store.db.selectFrom('outbox').select('id').where('entityId', '=', id).execute();
    await b.approve(id);
    const after = await t.store.db.selectFrom('outbox').select('id').where('entityId', '=', id).execute();
    expect(after.length).toBe(before.length + 1);
  });
});

const ALLOWED: [Status, Step, Status][] = [
  ['pending_review', 'approve', 'published'],
  ['pending_review', 'request_revision', 'revision_requested'],
  ['pending_review', 'reject', 'rejected'],
  ['revision_requested', 'reject', 'rejected'],
  ['revision_requested', 'resubmit', 'pending_review'],
];
const STATUSES: Status[] = ['pending_review', 'revision_requested', 'published', 'rejected'];
const STEPS: Step[] = ['approve', 'request_revision', 'reject', 'resubmit'];
const REFUSED = STATUSES.flatMap((s) =>
  STEPS.filter((a) => !ALLOWED.some(([f, x]) => f === s && x === a)).map((a) => [s, a] as const),
);

describe('review steps', () => {
  it.each(ALLOWED)('%s —%s→ %s', async (from, s, to) => {
    const id = await problemIn(from);
    const r = await step(id, s);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.reviewStatus).toBe(to);
  });

  it.each(REFUSED)('%s —%s→ refused with 409, nothing recorded', async (from, s) => {
    const id = await problemIn(from);
    const before = (await t.call('GET', `/api/v1/problems/${id}/reviews`)).body.items.length;
    const r = await step(id, s);
    expect(r.status).toBe(409);
    expect(r.body.errors[0].path).toBe('reviewStatus');
    expect((await t.call('GET', `/api/v1/problems/${id}`)).body.reviewStatus).toBe(from);
    expect((await t.call('GET', `/api/v1/problems/${id}/reviews`)).body.items).toHaveLength(before);
  });
});

describe('versions', () => {
  it('a stale body version is 409, a stale If-Match 412; without either the state rule decides', async () => {
    const id = await problemIn('pending_review');
    const v = (await t.call('GET', `/api/v1/problems/${id}`)).body.version;
    expect((await review(id, 'approve', null, undefined, { version: v + 5 })).status).toBe(409);
    expect(
      (
        await t.call('POST', `/api/v1/problems/${id}/review`, {
          body: { decision: 'approve' },
          headers: { 'if-match': `"v${v + 5}"` },
        })
      ).status,
    ).toBe(412);
    expect((await review(id, 'approve', null, undefined, { version: v })).status).toBe(200);
  });

  it('two concurrent decisions: one wins, the other is refused', async () => {
    const id = await problemIn('pending_review');
    const results = await Promise.all([review(id, 'approve', null), review(id, 'reject', '与平台定位不符')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await t.call('GET', `/api/v1/problems/${id}/reviews`)).body.items).toHaveLength(2);
  });
});

describe('hints', () => {
  it('create and PATCH answer with hints; GET …/hints for the authors', async () => {
    const r = await t.call('POST', '/api/v1/problems', {
      token: c.tokens.entA,
      body: {
        title: '提高产品质量',
        description: '希望进一步提高产品质量，欢迎有兴趣的高校团队联系合作。',
        domains: ['biomed'],
        keywords: ['注塑', '模具'],
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.hints.map((h: { code: string }) => h.code)).toEqual([
      'too_short',
      'no_target_figures',
      'no_current_state',
      'no_budget',
      'no_deadline',
      'domain_mismatch',
    ]);
    expect(r.body.hints[0].message).toMatch(/描述仅 \d+ 字/);
    const p = await t.call('PATCH', `/api/v1/problems/${r.body.id}`, {
      token: c.tokens.entA,
      body: { version: 1, budgetWan: 30, domains: ['advanced_manufacturing'] },
    });
    expect(p.body.hints.map((h: { code: string }) => h.code)).toEqual([
      'too_short',
      'no_target_figures',
      'no_current_state',
      'no_deadline',
    ]);
    for (const [token, status] of [
      [c.tokens.bureau, 200],
      [c.tokens.entA, 200],
      [c.tokens.entB, 404],
      [c.tokens.uniX, 403],
    ] as const) {
      const h = await t.call('GET', `/api/v1/problems/${r.body.id}/hints`, { token });
      expect(h.status).toBe(status);
      if (status === 200) expect(h.body.hints).toEqual(p.body.hints);
    }
    expect((await t.call('GET', `/api/v1/problems/${MISSING_ID}/hints`)).status).toBe(404);
  });
});

type ActorKey = 'bureau' | 'entA' | 'entB' | 'uniX';
describe.each<{ actor: ActorKey; decide: number; resubmitOwn: number; history: number }>([
  { actor: 'bureau', decide: 200, resubmitOwn: 200, history: 200 },
  { actor: 'entA', decide: 403, resubmitOwn: 200, history: 200 },
  { actor: 'entB', decide: 403, resubmitOwn: 404, history: 404 },
  { actor: 'uniX', decide: 403, resubmitOwn: 403, history: 403 },
])('review routes as $actor', ({ actor, decide, resubmitOwn, history }) => {
  const token = () => c.tokens[actor];
  it(`review → ${decide}, missing → ${decide === 200 ? 404 : decide}`, async () => {
    const id = await problemIn('pending_review');
    expect((await review(id, 'approve', null, token())).status).toBe(decide);
    expect((await review(MISSING_ID, 'approve', null, token())).status).toBe(decide === 200 ? 404 : decide);
  });
  it(`resubmit entA's problem → ${resubmitOwn}, missing → ${resubmitOwn === 403 ? 403 : 404}`, async () => {
    const id = await problemIn('revision_requested');
    expect((await resubmit(id, token())).status).toBe(resubmitOwn);
    expect((await resubmit(MISSING_ID, token())).status).toBe(resubmitOwn === 403 ? 403 : 404);
  });
  it(`review history of entA's problem → ${history}`, async () => {
    const id = await problemIn('published');
    expect((await t.call('GET', `/api/v1/problems/${id}/reviews`, { token: token() })).status).toBe(history);
  });
});
