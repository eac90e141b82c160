/**
 * The demo dataset tells a half-year story on first start: loaded on a fresh store with the clock
 * pinned away from the story's anchor day (so its dates must move with the clock), the real API
 * shows a working pipeline, follow-ups, registrations, a centre upgrade and a half-year report —
 * and the demo users see their own story without seeing more than their role may.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoUsers, loadSeeds, type SeedSummary } from '../../seeds/load.js';
import { storyDemoUnits } from '../../seeds/story.js';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { storeMode } from '../support/store.js';
import { signedIn, WebClient } from '../support/web.js';

/** 2027-03-15, 105 days after the story's anchor: the current half-year is 2027-01-01 … 2027-06-30. */
const NOW = new Date('2027-03-15T10:00:00+08:00');

let t: TestApp;
let summary: SeedSummary;
let tokens: Record<string, string>;
let demo: Awaited<ReturnType<typeof createDemoUsers>>;
beforeAll(async () => {
  t = await testApp({ now: () => NOW });
  summary = await loadSeeds(t.deps);
  demo = await createDemoUsers(t.deps);
  tokens = Object.fromEntries(demo.map((u) => [u.role, u.token]));
}, 120_000);
afterAll(() => t.close());

const get = async (path: string, role = 'bureau') => {
  const r = await t.call('GET', `/api/v1${path}`, role === 'bureau' ? {} : { token: tokens[role] });
  expect(r.status, `${path}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
  return r.body;
};
const problemId = async (title: string) =>
  (await t.store.db.selectFrom('problems').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;

describe(`demo seeds tell a half-year story (${storeMode})`, () => {
  it('plays every event of the story through the services, once', async () => {
    const story = { posted: 6, drafts: 1, interests: 9, introductions: 21, contacts: 24, agreements: 10, centres: 4 };
    expect(summary.story).toEqual(story);
    expect(summary.liaisons.created).toBe(15);
    const again = await loadSeeds(t.deps);
    expect(again.story.skipped).toBeDefined();
    expect([again.problems.created, again.liaisons.created, again.story.contacts]).toEqual([0, 0, 0]);
    expect((await get('/contacts?limit=1')).total).toBe(24);
  });

  it('binds the demo users to the units the story was written for', () => {
    const units = storyDemoUnits();
    expect(demo.find((u) => u.role === 'enterprise')?.enterprise).toBe(units.enterprise);
    expect(demo.find((u) => u.role === 'university')?.university).toBe(units.university);
  });

  it('the current half-year report has agreements, contacts, introductions and centres', async () => {
    const report = await get('/reports/summary');
    expect(report.period).toMatchObject({ from: '2027-01-01', to: '2027-06-30' });
    const value = (key: string) => report.figures.find((f: { key: string }) => f.key === key)?.value;
    for (const key of [
      'agreements.signed',
      'agreements.amountWan',
      'contacts.total',
      'introductions.made',
      'enterprises.served',
    ])
      expect(value(key), key).toBeGreaterThan(0);
    expect(value('centres.established') + value('centres.upgraded')).toBeGreaterThan(0);
    // The previous half-year has a past too.
    const previous = (key: string) => report.figures.find((f: { key: string }) => f.key === key)?.previous;
    expect(previous('agreements.signed')).toBeGreaterThan(0);
    expect(previous('contacts.total')).toBeGreaterThan(0);
  });

  it('follow-ups list overdue and upcoming contacts, a missed registration and one due within 7 days', async () => {
    const f = await get('/follow-ups');
    expect(f.asOf).toBe('2027-03-15');
    expect(f.overdue.total).toBeGreaterThanOrEqual(3);
    expect(f.upcoming.total).toBeGreaterThanOrEqual(3);
    const regs = f.registrations.items as { overdue: boolean; daysLeft: number; title: string }[];
    expect(regs.some((r) => r.overdue)).toBe(true);
    expect(regs.some((r) => !r.overdue && r.daysLeft <= 7)).toBe(true);
    const agreements = (await get('/agreements?limit=100')).items as {
      registration: { state: string; registrationNo: string | null };
    }[];
    expect(new Set(agreements.map((a) => a.registration.state))).toEqual(new Set(['registered', 'overdue', 'pending']));
    expect(
      new Set((await get('/agreements?limit=100')).items.map((a: { type: string }) => a.type)).size,
    ).toBeGreaterThanOrEqual(5);
  });

  it('contacts of every kind; a centre has an upgrade in its level history; centres at several levels', async () => {
    const contacts = (await get('/contacts?limit=100')).items as { kind: string }[];
    expect(new Set(contacts.map((c) => c.kind))).toEqual(new Set(['visit', 'meeting', 'call', 'event', 'online']));
    const centres = (await get('/centres?limit=100')).items as { id: string; level: string }[];
    expect(new Set(centres.map((c) => c.level)).size).toBeGreaterThanOrEqual(3);
    const histories = await Promise.all(centres.map(async (c) => (await get(`/centres/${c.id}/history`)).items));
    const upgrades = histories
      .flat()
      .filter((h: { kind: string; from: string | null }) => h.kind === 'level' && h.from !== null);
    expect(upgrades).toHaveLength(1);
    expect(upgrades[0]).toMatchObject({
      from: 'district',
      to: 'city',
      documentNo: '江科〔2026〕57号',
      effectiveOn: '2027-01-09',
    });
  });

  it('every stage and every review status holds a problem, with dates spread over the year', async () => {
    const pipeline = await get('/pipeline?reviewStatus=published,pending_review,revision_requested,rejected');
    for (const s of pipeline.stages) expect(s.count, s.stage).toBeGreaterThan(0);
    for (const r of pipeline.review) expect(r.count, r.status).toBeGreaterThan(0);
    // The timeline of a brokered problem spans months, written as it happened (not at load time).
    const timeline = (await get(`/problems/${await problemId('厚板多层多道焊机器人焊缝跟踪与自动排道')}/history`))
      .items as { at: string }[];
    const days = timeline.map((i) => i.at.slice(0, 10)).sort();
    expect(days[0]! < '2026-10-15' && days.at(-1)! >= '2027-02-01').toBe(true);
    const audit = await t.store.db
      .selectFrom('auditLog')
      .select((eb) => [eb.fn.min('at').as('first'), eb.fn.max('at').as('last')])
      .where('requestId', '=', 'seed-story')
      .executeTakeFirstOrThrow();
    expect(new Date(audit.first as Date).getTime()).toBeLessThan(NOW.getTime() - 300 * 86_400_000);
    expect(new Date(audit.last as Date).getTime()).toBeLessThan(NOW.getTime());
  });

  it('the demo enterprise has a problem with an accepted introduction and one sent back for revision', async () => {
    const mine = (await get('/problems?limit=100', 'enterprise')).items as {
      id: string;
      title: string;
      reviewStatus: string;
    }[];
    const revision = mine.find((p) => p.reviewStatus === 'revision_requested');
    expect(revision).toBeDefined();
    const reviews = (await get(`/problems/${revision!.id}/reviews`, 'enterprise')).items as {
      action: string;
      comment: string | null;
    }[];
    expect(reviews.at(-1)).toMatchObject({ action: 'request_revision' });
    expect(reviews.at(-1)!.comment).toContain('残余应力');
    const intros = (await get('/introductions', 'enterprise')).items as { status: string; labContact: unknown }[];
    expect(intros.some((i) => i.status === 'accepted' && i.labContact)).toBe(true);
    expect((await get('/agreements', 'enterprise')).total).toBeGreaterThan(0);
    expect((await get('/centres', 'enterprise')).total).toBeGreaterThan(0);
  });

  it('the demo enterprise keeps exactly one draft, on its 我的难题 page as 草稿, which nobody else sees', async () => {
    const DRAFT = '沿江厂房钢结构防腐涂层两年内起泡剥落';
    const drafts = await t.store.db
      .selectFrom('problems')
      .innerJoin('enterprises', 'enterprises.id', 'problems.enterpriseId')
      .select(['problems.id', 'problems.title', 'enterprises.name as enterprise'])
      .where('problems.reviewStatus', '=', 'draft')
      .where('problems.deletedAt', 'is', null)
      .execute();
    expect(drafts.map(({ title, enterprise }) => ({ title, enterprise }))).toEqual([
      { title: DRAFT, enterprise: storyDemoUnits().enterprise },
    ]);
    const id = drafts[0]!.id;
    const mine = (await get('/problems?limit=100', 'enterprise')).items as { id: string; reviewStatus: string }[];
    expect(mine.filter((p) => p.reviewStatus === 'draft').map((p) => p.id)).toEqual([id]);

    // 我的难题, signed in as the demo enterprise user with the demo account's password.
    const account = demo.find((u) => u.role === 'enterprise')!;
    const browser = new WebClient(t);
    expect((await browser.post('/login', { loginName: account.loginName, password: account.password })).status).toBe(
      303,
    );
    const page = await browser.get('/enterprise/problems');
    expect(page.html).toContain(DRAFT);
    expect(page.html.match(/草稿：完善后提交审核/g)).toHaveLength(1); // the next step of a draft, once

    // Nobody else: the bureau, the demo university, another enterprise, search.
    expect((await t.call('GET', `/api/v1/problems/${id}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/problems/${id}`, { token: tokens.university })).status).toBe(404);
    const bureauList = (await get('/problems?limit=100')).items as { id: string }[];
    expect(bureauList.some((p) => p.id === id)).toBe(false);
    const other = await signedIn(t, 'enterprise', { enterpriseId: (await fixtures(t).enterprise()).id });
    expect((await other.browser.get(`/enterprise/problems/${id}`)).status).toBe(404);
    await t.deps.search.indexer.drain();
    const search = (role: string) => get(`/search?index=problems&q=${encodeURIComponent('防腐涂层 起泡')}`, role);
    for (const role of ['bureau', 'university']) expect((await search(role)).hits, role).toEqual([]);
    expect((await search('enterprise')).hits.map((h: { id: string }) => h.id)).toEqual([id]);
  });

  it('the demo university has interests and introductions, and no enterprise it was not introduced to', async () => {
    expect((await get('/interests', 'university')).total).toBeGreaterThanOrEqual(2);
    const intros = (await get('/introductions', 'university')).items as {
      status: string;
      enterprise: { name: string } | null;
    }[];
    expect(new Set(intros.map((i) => i.status))).toEqual(new Set(['accepted', 'introduced', 'declined']));
    expect(intros.every((i) => i.enterprise?.name)).toBe(true);

    // A public problem none of its labs was introduced to: readable, the enterprise withheld.
    const open = await t.call('GET', `/api/v1/problems/${await problemId('卧式加工中心主轴热伸长误差实时补偿')}`, {
      token: tokens.university,
    });
    expect(open.status).toBe(200);
    expect(open.body.enterpriseWithheld).toBe(true);
    expect(JSON.stringify(open.body)).not.toContain('临江精密机械');
    // A bureau-only problem on which one of its labs is only shortlisted stays hidden.
    const shortlisted = await t.call('GET', `/api/v1/problems/${await problemId('复合材料蒙皮壁板自动化超声检测')}`, {
      token: tokens.university,
    });
    expect(shortlisted.status).toBe(404);
    // Introduced: the enterprise is named.
    const introduced = await t.call('GET', `/api/v1/problems/${await problemId('垂起固定翼无人机阵风下过渡段失稳')}`, {
      token: tokens.university,
    });
    expect(introduced.body.enterprise.name).toBe('临江飞翼无人机科技有限公司');
  });
});
