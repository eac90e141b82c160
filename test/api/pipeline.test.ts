/** 撮合进度与跟进提醒: stage and review counts, each problem's liaison and last activity, stale problems, follow-ups and registration deadlines, per liaison. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast } from '../support/fixtures.js';

const DAY = 86_400_000;
let clock = new Date();
let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let b: ReturnType<typeof brokering>;
beforeAll(async () => {
  t = await testApp({ now: () => clock });
  c = await cast(t);
  b = brokering(t);
});
afterAll(() => t.close());

/** Runs `fn` with the app's clock set `days` before real time (posting dates follow the clock). */
async function daysAgo<T>(days: number, fn: () => Promise<T>): Promise<T> {
  clock = new Date(Date.now() - days * DAY);
  try {
    return await fn();
  } finally {
    clock = new Date();
  }
}
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const ids = (items: { problem?: { id: string }; contactId?: string; agreementId?: string }[]) =>
  items.map((i) => i.problem?.id ?? i.contactId ?? i.agreementId);

describe('pipeline', () => {
  let ent: { id: string };
  let entToken: string;
  let l1: { id: string; name: string };
  let l2: { id: string; name: string };
  const p = {} as Record<'old' | 'fresh' | 'contacted' | 'pending', string>;
  beforeAll(async () => {
    [l1, l2] = [await b.liaison(), await b.liaison()];
    ent = await c.f.enterprise();
    entToken = await c.f.user('enterprise', { enterpriseId: ent.id });
    p.old = (await daysAgo(50, () => b.publishedProblem(ent.id, { title: '五十天前发布无动态' }))).id;
    p.fresh = (await b.publishedProblem(ent.id)).id;
    p.contacted = (await daysAgo(40, () => b.publishedProblem(ent.id))).id;
    await b.contact(ent.id, { problemId: p.contacted, occurredAt: b.daysAgo(35) });
    p.pending = (await b.pendingProblem(entToken)).id;
    // The enterprise gets its liaison after posting: its problems fall back to it; one problem has its own.
    const e = (await t.call('GET', `/api/v1/enterprises/${ent.id}`)).body;
    await b.ok('PATCH', `/api/v1/enterprises/${ent.id}`, { version: e.version, liaisonId: l1.id });
    await b.ok('PATCH', `/api/v1/problems/${p.fresh}`, { version: 1, liaisonId: l2.id });
  });
  const pipeline = async (qs = '') => {
    const r = await t.call('GET', `/api/v1/pipeline?enterpriseId=${ent.id}${qs}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  it('counts per stage and per review state, and lists published problems stalest first', async () => {
    const body = await pipeline();
    expect(Object.fromEntries(body.stages.map((s: { stage: string; count: number }) => [s.stage, s.count]))).toEqual({
      open: 2,
      matching: 0,
      contacted: 1,
      negotiating: 0,
      agreed: 0,
      solved: 0,
      closed: 0,
    });
    expect(body.stages[2]).toEqual({ stage: 'contacted', label: '已对接', count: 1 });
    expect(Object.fromEntries(body.review.map((s: { status: string; count: number }) => [s.status, s.count]))).toEqual({
      pending_review: 1,
      revision_requested: 0,
      published: 3,
      rejected: 0,
    });
    expect(body.total).toBe(3);
    expect(ids(body.items)[0]).toBe(p.old);
    expect(ids(body.items)).not.toContain(p.pending);
    expect(body.asOf).toBe(today());
  });

  it('gives each problem its stage, liaison (its own, else its enterprise’s), last activity and days since', async () => {
    const byId = Object.fromEntries(
      (await pipeline()).items.map((i: { problem: { id: string } }) => [i.problem.id, i]),
    );
    expect(byId[p.old]).toMatchObject({
      stage: 'open',
      stageLabel: '征集中',
      liaison: { id: l1.id, name: l1.name },
      lastActivityKind: 'posted',
      lastActivityLabel: '发布难题',
      daysSinceActivity: 50,
    });
    expect(byId[p.fresh]).toMatchObject({
      liaison: { id: l2.id },
      daysSinceActivity: 0,
      problem: { enterprise: { id: ent.id } },
    });
    expect(byId[p.contacted]).toMatchObject({ stage: 'contacted', lastActivityKind: 'stage', daysSinceActivity: 0 });
  });

  it('filters by liaison, stage, review state and staleness; pages', async () => {
    expect(ids((await pipeline(`&liaisonId=${l2.id}`)).items)).toEqual([p.fresh]);
    expect(ids((await pipeline(`&liaisonId=${l1.id}`)).items).sort()).toEqual([p.old, p.contacted].sort());
    expect(ids((await pipeline('&stage=contacted')).items)).toEqual([p.contacted]);
    expect((await pipeline('&stage=contacted')).stages.find((s: { stage: string }) => s.stage === 'open').count).toBe(
      2,
    );
    expect(ids((await pipeline('&reviewStatus=pending_review')).items)).toEqual([p.pending]);
    expect(ids((await pipeline('&staleDays=30')).items)).toEqual([p.old]);
    const page1 = await pipeline('&limit=2&sort=-postedAt');
    expect(ids(page1.items)).toEqual([p.fresh, p.contacted]);
    expect(ids((await pipeline(`&limit=2&sort=-postedAt&cursor=${page1.nextCursor}`)).items)).toEqual([p.old]);
    expect((await t.call('GET', '/api/v1/pipeline?staleDays=0')).status).toBe(400);
  });

  it('days since activity follow the clock', async () => {
    clock = new Date(Date.now() + 40 * DAY);
    try {
      const fresh = (await pipeline()).items.find((i: { problem: { id: string } }) => i.problem.id === p.fresh);
      expect(fresh.daysSinceActivity).toBe(40);
    } finally {
      clock = new Date();
    }
  });
});

describe('follow-ups', () => {
  let liaison: { id: string };
  let ent: { id: string };
  const x: Record<string, string> = {};
  beforeAll(async () => {
    liaison = await b.liaison();
    ent = await c.f.enterprise({ liaisonId: liaison.id });
    x.overdue = (await b.contact(ent.id, { occurredAt: b.daysAgo(10), followUpOn: shift(today(), -3) })).id;
    x.soon = (await b.contact(ent.id, { followUpOn: shift(today(), 2) })).id;
    x.later = (await b.contact(ent.id, { followUpOn: shift(today(), 20) })).id;
    const done = await b.contact(ent.id, { occurredAt: b.daysAgo(10), followUpOn: shift(today(), -1) });
    await b.ok('POST', `/api/v1/contacts/${done.id}/follow-up`, { note: '已跟进' });
    x.stale = (await daysAgo(45, () => b.publishedProblem(ent.id))).id;
    const agreedStale = (await daysAgo(45, () => b.publishedProblem(ent.id))).id;
    await b.agreement(ent.id, c.uniX.id, { signedOn: shift(today(), -1), problemIds: [agreedStale] });
    x.dueSoon = (await b.agreement(ent.id, c.uniX.id, { signedOn: shift(today(), -25) })).id;
    x.late = (await b.agreement(ent.id, c.uniX.id, { signedOn: shift(today(), -40) })).id;
    const registered = await b.agreement(ent.id, c.uniX.id, { signedOn: shift(today(), -40) });
    await b.ok('PATCH', `/api/v1/agreements/${registered.id}`, {
      version: 1,
      registeredOn: today(),
      registrationNo: '3301062026000999',
    });
    const terminated = await b.agreement(ent.id, c.uniX.id, { signedOn: shift(today(), -40) });
    await b.ok('PATCH', `/api/v1/agreements/${terminated.id}`, {
      version: 1,
      status: 'terminated',
      statusNote: '合作终止',
    });
  });
  const followUps = async (qs = '') => {
    const r = await t.call('GET', `/api/v1/follow-ups?liaisonId=${liaison.id}${qs}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  it('lists overdue and upcoming follow-ups, quiet problems and registration deadlines for a liaison', async () => {
    const body = await followUps();
    expect(ids(body.overdue.items)).toEqual([x.overdue]);
    expect(body.overdue.items[0]).toMatchObject({ days: 3, kindLabel: '上门服务', enterprise: { id: ent.id } });
    expect(ids(body.upcoming.items)).toEqual([x.soon]);
    expect(body.upcoming.items[0].days).toBe(2);
    expect(ids(body.stale.items)).toEqual([x.stale]);
    expect(body.stale.items[0].daysSinceActivity).toBe(45);
    expect(ids(body.registrations.items)).toEqual([x.late, x.dueSoon]);
    expect(
      body.registrations.items.map((r: { daysLeft: number; overdue: boolean }) => [r.daysLeft, r.overdue]),
    ).toEqual([
      [-10, true],
      [5, false],
    ]);
  });

  it('widens the windows on request', async () => {
    const body = await followUps('&days=30&staleDays=60&registrationDays=30');
    expect(ids(body.upcoming.items)).toEqual([x.soon, x.later]);
    expect(body.stale.total).toBe(0);
    // Now also the agreement signed yesterday (due in 29 days); never the registered or terminated ones.
    expect(body.registrations.total).toBe(3);
  });

  it('a contact the liaison took part in counts for it even with another enterprise; other liaisons see none of this', async () => {
    const other = await b.liaison();
    const elsewhere = await c.f.enterprise();
    const joined = await b.contact(elsewhere.id, { liaisonIds: [other.id], followUpOn: today() });
    const mine = await t.call('GET', `/api/v1/follow-ups?liaisonId=${other.id}`);
    expect(ids(mine.body.upcoming.items)).toEqual([joined.id]);
    expect(mine.body.overdue.total + mine.body.stale.total + mine.body.registrations.total).toBe(0);
    const all = await t.call('GET', '/api/v1/follow-ups?limit=100');
    expect(ids(all.body.upcoming.items)).toEqual(expect.arrayContaining([joined.id, x.soon]));
  });
});

describe.each([
  ['bureau', 200],
  ['entA', 403],
  ['uniX', 403],
] as const)('pipeline routes as %s', (actor, status) => {
  it(`GET /pipeline and /follow-ups → ${status}`, async () => {
    expect((await t.call('GET', '/api/v1/pipeline', { token: c.tokens[actor] })).status).toBe(status);
    expect((await t.call('GET', '/api/v1/follow-ups', { token: c.tokens[actor] })).status).toBe(status);
  });
});
