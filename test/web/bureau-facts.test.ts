/**
 * What the bureau's pages say about a problem reads as Chinese and Beijing time: 技术领域 by name on
 * 审核 and the workspace (never `electronic_info`), days of moments in Beijing (a problem posted or a
 * contact held at 01:30 Beijing time is that day, not the UTC day before), and one format for times.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { textOf, workbenchCast } from '../support/bureau.js';
import { brokering } from '../support/fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof workbenchCast>>;
let b: ReturnType<typeof brokering>;

// 17:30 UTC three days ago is 01:30 Beijing time the day after: BEIJING_DAY, not UTC_DAY.
const late = new Date(Date.now() - 3 * 86_400_000);
late.setUTCHours(17, 30, 0, 0);
const LATE_UTC = late.toISOString();
const UTC_DAY = LATE_UTC.slice(0, 10);
const BEIJING_DAY = new Date(late.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await testApp();
  w = await workbenchCast(t);
  b = brokering(t);
});
afterAll(() => t.close());

it('审核 and the workspace name the domains, not their codes', async () => {
  const p = await b.pendingProblem(w.tokens.entA, { domains: ['electronic_info', 'new_materials'] });
  for (const path of [`/bureau/review/${p.id}`, `/bureau/problems/${p.id}`]) {
    const text = textOf((await w.web.bureau.browser.get(path)).html);
    expect(text, path).toContain('电子信息、新材料');
    expect(text, path).not.toMatch(/electronic_info|new_materials/);
  }
});

it('看板 (table) shows the Beijing day a problem was posted', async () => {
  const p = await b.publishedProblem(w.entA.id, { title: '凌晨发布的技术难题' });
  await sql`update problems set posted_at = ${LATE_UTC} where id = ${p.id}`.execute(t.deps.db);
  const html = (await w.web.bureau.browser.get('/bureau/pipeline?view=table&sort=-postedAt')).html;
  const row = html.slice(html.indexOf('凌晨发布的技术难题'), html.indexOf('凌晨发布的技术难题') + 1500);
  expect(textOf(row)).toContain(BEIJING_DAY);
  expect(textOf(row)).not.toContain(UTC_DAY);
});

it('待跟进 shows the Beijing day of the contact, and times in one format', async () => {
  await b.contact(w.entA.id, {
    occurredAt: LATE_UTC,
    summary: '凌晨的上门记录。',
    followUpOn: yesterday,
  });
  const text = textOf((await w.web.bureau.browser.get('/bureau/follow-ups')).html);
  expect(text).toContain(`${BEIJING_DAY} 上门服务：凌晨的上门记录。`);
  expect(text).not.toContain(`${UTC_DAY} 上门服务`);
  const review = textOf((await w.web.bureau.browser.get('/bureau/review')).html);
  expect(review).not.toMatch(/\d{4}\/\d{1,2}\/\d{1,2}/);
});
