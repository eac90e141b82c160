/**
 * Declining an introduction without a reason, on a page that lists several: the error is in the
 * summary at the top (which gets the focus) and links to that introduction's own reason field, and
 * every reason field has its own id (the label of the second no longer points at the first).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, fixtures } from '../support/fixtures.js';
import { signedIn, type WebUser } from '../support/web.js';

let t: TestApp;
let ent: WebUser;
let uni: WebUser;
let problemId: string;
let intros: { id: string; version: number }[];

beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  const b = brokering(t);
  const [e, u] = await Promise.all([f.enterprise(), f.university()]);
  const [labA, labB] = await Promise.all([f.lab(u.id), f.lab(u.id)]);
  problemId = (await b.publishedProblem(e.id)).id;
  intros = [await b.introduced(problemId, labA.id), await b.introduced(problemId, labB.id)];
  [ent, uni] = await Promise.all([
    signedIn(t, 'enterprise', { enterpriseId: e.id }),
    signedIn(t, 'university', { universityId: u.id }),
  ]);
});
afterAll(() => t.close());

const ids = (html: string) => [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);

it.each([
  ['enterprise', (iid: string) => `/enterprise/problems/${problemId}/introductions/${iid}/decline`],
  ['university', (iid: string) => `/university/introductions/${iid}/decline`],
] as const)('%s: the empty reason is summarised at the top, linked to that introduction’s field', async (who, path) => {
  const browser = (who === 'enterprise' ? ent : uni).browser;
  const second = intros[1]!;
  const res = await browser.post(path(second.id), { version: String(second.version), reason: '' });
  expect(res.status).toBe(200);
  expect(res.html).toContain('<title>错误：');
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.html)?.[0] ?? '';
  expect(summary).toContain(`href="#f-reason-${second.id}"`);
  expect(summary).toContain('此项必填');
  expect(res.html).toMatch(new RegExp(`<textarea[^>]*id="f-reason-${second.id}"[^>]*aria-invalid="true"`));
  const all = ids(res.html);
  expect(all.filter((id) => /^f-reason-[0-9a-f-]{36}$/.test(id))).toHaveLength(2);
  expect(new Set(all).size, 'duplicate ids').toBe(all.length);
});
