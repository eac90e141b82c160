/**
 * 名录 · 用户 page: only the bureau; create a user bound to an enterprise with its activation link
 * shown once (and working); Chinese errors beside fields; disable / restore; a new activation link;
 * the same audit rows as the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { signedIn, WebClient, type WebUser } from '../support/web.js';

let t: TestApp;
let bureau: WebUser;
let ent: { id: string; name: string };
let uni: { id: string; name: string };
const PAGE = '/bureau/directory/users';

beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  [ent, uni] = await Promise.all([f.enterprise(), f.university()]);
  bureau = await signedIn(t, 'bureau');
});
afterAll(() => t.close());

const linkIn = (html: string) => /<code id="activation-url">([^<]+)<\/code>/.exec(html)?.[1];
const audit = (entityId: string) =>
  t.deps.db.selectFrom('auditLog').selectAll().where('entity', '=', 'user').where('entityId', '=', entityId).execute();

describe('名录 · 用户', () => {
  it('is refused to other roles and sends visitors to sign in', async () => {
    const entUser = await signedIn(t, 'enterprise', { enterpriseId: ent.id });
    const uniUser = await signedIn(t, 'university', { universityId: uni.id });
    expect((await entUser.browser.get(PAGE)).status).toBe(403);
    expect((await uniUser.browser.get(PAGE)).status).toBe(403);
    expect((await entUser.browser.post(PAGE, { name: '越权', role: 'bureau' })).status).toBe(403);
    const visitor = await new WebClient(t).get(PAGE);
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe(`/login?next=${encodeURIComponent(PAGE)}`);
  });

  it('lists users with a count, filters and sort links in the URL', async () => {
    const res = await bureau.browser.get(PAGE);
    expect(res.status).toBe(200);
    expect(res.html).toContain('<h1>用户</h1>');
    expect(res.html).toMatch(/共 \d+ 条/);
    expect(res.html).toContain('href="/bureau/directory/users?sort=name"');
    const none = await bureau.browser.get(`${PAGE}?role=university&disabled=true`);
    expect(none.html).toContain('没有符合条件的用户');
    expect(none.html).toContain('共 0 条');
    // A malformed filter shows the whole list, not an error page.
    expect((await bureau.browser.get(`${PAGE}?role=nobody`)).status).toBe(200);
  });

  it('validates the form in Chinese beside the fields and keeps the input', async () => {
    const res = await bureau.browser.post(PAGE, { name: '王五', role: 'enterprise' });
    expect(res.status).toBe(200);
    expect(res.html).toContain('<title>错误：');
    expect(res.html).toContain('企业用户须绑定 enterpriseId');
    expect(res.html).toContain('id="f-enterpriseId-error"');
    expect(res.html).toContain('value="王五"');
    const empty = await bureau.browser.post(PAGE, {});
    expect(empty.html).toContain('此项必填');
    expect(linkIn(empty.html)).toBeUndefined();
  });

  it('creates a user bound to an enterprise and shows the working activation link once', async () => {
    const res = await bureau.browser.post(PAGE, { name: '赵六', role: 'enterprise', enterpriseId: ent.id });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const url = linkIn(res.html);
    expect(url).toMatch(/^http:\/\/localhost\/activate\/[A-Za-z0-9_-]{43}$/);
    expect(res.html).toContain('data-copy="#activation-url"');
    const user = await t.deps.db.selectFrom('users').selectAll().where('name', '=', '赵六').executeTakeFirstOrThrow();
    expect(user.enterpriseId).toBe(ent.id);
    const rows = await audit(user.id);
    expect(rows.map((r) => r.action)).toEqual(['create']);
    expect(rows[0]!.actorUserId).toBe(bureau.userId);
    // Shown once: the list afterwards does not carry it.
    expect(linkIn((await bureau.browser.get(PAGE)).html)).toBeUndefined();
    expect((await bureau.browser.get(PAGE)).html).toContain(ent.name);
    expect((await new WebClient(t).get(new URL(url!).pathname)).status).toBe(200);
  });

  it('issues a new activation link (the old one dies), disables and restores a user', async () => {
    const body = { name: '钱七', role: 'university', universityId: uni.id };
    const created = await t.call('POST', '/api/v1/users', { body });
    const id = created.body.id as string;
    const again = await bureau.browser.post(`${PAGE}/${id}/activation`, {});
    expect(again.status).toBe(200);
    const url = linkIn(again.html)!;
    expect(url).toBeTruthy();
    const visitor = new WebClient(t);
    expect((await visitor.get(new URL(created.body.activationUrl).pathname)).status).toBe(410);
    expect((await visitor.get(new URL(url).pathname)).status).toBe(200);

    const off = await bureau.browser.post(`${PAGE}/${id}/disable`, { version: String(created.body.version) });
    expect(off.status).toBe(303);
    const after = await bureau.browser.get(off.location!);
    expect(after.html).toContain('已停用 钱七');
    expect((await t.call('GET', `/api/v1/users/${id}`)).body.disabled).toBe(true);
    // A stale version is the 409 page, not a silent overwrite.
    const stale = await bureau.browser.post(`${PAGE}/${id}/enable`, { version: String(created.body.version) });
    expect(stale.status).toBe(409);
    // A disabled user gets no new link.
    expect((await bureau.browser.post(`${PAGE}/${id}/activation`, {})).status).toBe(409);
    const on = await bureau.browser.post(`${PAGE}/${id}/enable`, { version: String(created.body.version + 1) });
    expect(on.status).toBe(303);
    expect((await t.call('GET', `/api/v1/users/${id}`)).body.disabled).toBe(false);
    const actions = (await audit(id)).map((r) => r.action);
    expect(actions).toEqual(['create', 'update', 'update', 'update']);
  });

  it('a bad id is the 404 page', async () => {
    expect((await bureau.browser.post(`${PAGE}/not-a-uuid/activation`, {})).status).toBe(404);
    const missing = `${PAGE}/00000000-0000-4000-8000-000000000000/disable`;
    expect((await bureau.browser.post(missing, { version: '1' })).status).toBe(404);
  });
});
