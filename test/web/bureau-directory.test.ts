/**
 * 名录 lists (enterprises, universities, labs, liaisons): only the bureau; counts, search and sort
 * in the URL, empty states; the records are the services' (a lab's contact is shown to the bureau).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { signedIn, type WebUser } from '../support/web.js';

let t: TestApp;
let bureau: WebUser;
let ent: { id: string; name: string };
let uni: { id: string; name: string };
let lab: { id: string; name: string };

beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  [ent, uni] = await Promise.all([f.enterprise(), f.university()]);
  lab = await f.lab(uni.id);
  const r = await t.call('POST', '/api/v1/liaisons', {
    body: { side: 'university', name: '孙联络', universityId: uni.id },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  bureau = await signedIn(t, 'bureau');
});
afterAll(() => t.close());

describe('名录', () => {
  it('is refused to other roles', async () => {
    const entUser = await signedIn(t, 'enterprise', { enterpriseId: ent.id });
    for (const path of ['/bureau/directory', '/bureau/directory/enterprises', '/bureau/directory/labs']) {
      expect((await entUser.browser.get(path)).status).toBe(403);
    }
  });

  it('links every list from the index', async () => {
    const res = await bureau.browser.get('/bureau/directory');
    expect(res.status).toBe(200);
    for (const slug of ['enterprises', 'universities', 'labs', 'liaisons', 'users']) {
      expect(res.html).toContain(`href="/bureau/directory/${slug}"`);
    }
  });

  it('lists each kind with a count, search, sort links and an empty state', async () => {
    const cases: [string, string][] = [
      ['enterprises', ent.name],
      ['universities', uni.name],
      ['labs', lab.name],
      ['liaisons', '孙联络'],
    ];
    for (const [slug, name] of cases) {
      const res = await bureau.browser.get(`/bureau/directory/${slug}`);
      expect(res.status, slug).toBe(200);
      expect(res.html).toContain(name);
      expect(res.html).toMatch(/共 \d+ 条/);
      expect(res.html).toContain(`href="/bureau/directory/${slug}?sort=-name"`);
      expect(res.html).toContain('aria-current="page"');
      const none = await bureau.browser.get(`/bureau/directory/${slug}?q=${encodeURIComponent('不存在的名字')}`);
      expect(none.html, slug).toContain('共 0 条');
      expect(none.html).toContain('没有符合条件的');
    }
    const desc = await bureau.browser.get('/bureau/directory/labs?sort=-name');
    expect(desc.html).toContain('aria-sort="descending"');
    // The bureau sees a lab's contact (the service decides, as in the API).
    expect((await bureau.browser.get('/bureau/directory/labs')).html).toContain('13900000000');
    // A hand-edited bad filter shows the whole list.
    expect((await bureau.browser.get('/bureau/directory/enterprises?scale=huge')).status).toBe(200);
  });
});
