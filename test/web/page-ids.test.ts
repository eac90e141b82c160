/**
 * An id in a page URL that is not a UUID (a mistyped or truncated link pasted from a chat) is the
 * Chinese 404 page for every role, on GET and on POST — never a 500 from PostgreSQL rejecting it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { signedIn, type WebUser } from '../support/web.js';

let t: TestApp;
const users = {} as Record<'enterprise' | 'university' | 'bureau', WebUser>;

beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  const [ent, uni] = await Promise.all([f.enterprise(), f.university()]);
  [users.enterprise, users.university, users.bureau] = await Promise.all([
    signedIn(t, 'enterprise', { enterpriseId: ent.id }),
    signedIn(t, 'university', { universityId: uni.id }),
    signedIn(t, 'bureau'),
  ]);
});
afterAll(() => t.close());

// A short word, a truncated UUID, and 36 characters that are not one (an old pattern let those through).
const BAD = ['x', '1b4e28ba-2fa1-11d2-883f', '-'.repeat(36), 'f'.repeat(36)];
const ID = '00000000-0000-4000-8000-000000000000';

const PAGES: ['enterprise' | 'university' | 'bureau', 'GET' | 'POST', (id: string) => string][] = [
  ['enterprise', 'GET', (id) => `/enterprise/problems/${id}`],
  ['enterprise', 'GET', (id) => `/enterprise/problems/${id}/edit`],
  ['enterprise', 'POST', (id) => `/enterprise/problems/${id}/edit`],
  ['enterprise', 'POST', (id) => `/enterprise/problems/${id}/submit`],
  ['enterprise', 'POST', (id) => `/enterprise/problems/${id}/delete`],
  ['enterprise', 'POST', (id) => `/enterprise/problems/${ID}/introductions/${id}/accept`],
  ['enterprise', 'POST', (id) => `/enterprise/problems/${id}/introductions/${ID}/decline`],
  ['university', 'GET', (id) => `/university/needs/${id}`],
  ['university', 'POST', (id) => `/university/needs/${id}/interest`],
  ['university', 'GET', (id) => `/university/labs/${id}`],
  ['university', 'POST', (id) => `/university/labs/${id}`],
  ['university', 'POST', (id) => `/university/introductions/${id}/accept`],
  ['bureau', 'GET', (id) => `/bureau/problems/${id}`],
  ['bureau', 'POST', (id) => `/bureau/problems/${id}/stage`],
  ['bureau', 'POST', (id) => `/bureau/problems/${ID}/introductions/${id}/introduce`],
  ['bureau', 'GET', (id) => `/bureau/review/${id}`],
  ['bureau', 'POST', (id) => `/bureau/review/${id}`],
  ['bureau', 'GET', (id) => `/bureau/pipeline/${id}/move`],
  ['bureau', 'POST', (id) => `/bureau/follow-ups/${id}/done`],
  ['bureau', 'GET', (id) => `/bureau/imports/${id}`],
  ['bureau', 'GET', (id) => `/bureau/agreements/${id}`],
  ['bureau', 'GET', (id) => `/bureau/centres/${id}`],
];

describe.each(PAGES)('%s %s %s', (role, method, path) => {
  it.each(BAD)('with id %j: the 404 page', async (id) => {
    const browser = users[role].browser;
    const res = method === 'GET' ? await browser.get(path(id)) : await browser.post(path(id), { version: '1' });
    expect(res.status, res.html.slice(0, 300)).toBe(404);
    expect(res.html).toContain('lang="zh-CN"');
  });
});

it('ending a session by a malformed id changes nothing and is no error', async () => {
  const res = await users.enterprise.browser.post(`/account/sessions/${'-'.repeat(36)}/end`, {});
  expect(res.status).toBeLessThan(500);
});
