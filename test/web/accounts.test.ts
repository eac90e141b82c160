/**
 * Accounts through the pages: activation links (single use, 72 h), password rules, sign-in,
 * sessions (idle 8 h, absolute 7 days), sign-out everywhere, disabling a user, and the API that
 * issues the links.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { signedIn, strongPassword, WebClient } from '../support/web.js';

let t: TestApp;
let clock = new Date('2026-06-01T02:00:00Z');
const advance = (ms: number) => void (clock = new Date(clock.getTime() + ms));
const HOUR = 3600_000;

beforeAll(async () => {
  t = await testApp({ now: () => clock });
});
afterAll(() => t.close());

const linkPath = (url: string) => new URL(url).pathname;

async function newUser(role: 'bureau' | 'enterprise' | 'university' = 'bureau', binding = {}) {
  const r = await t.call('POST', '/api/v1/users', { body: { name: '张三', role, ...binding } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; token: string; version: number; activationUrl: string; activationExpiresAt: string };
}

describe('activation links (API)', () => {
  it('a new user comes with an API token and a one-time activation link valid 72 hours', async () => {
    const user = await newUser();
    expect(user.token).toMatch(/^cxy_/);
    expect(user.activationUrl).toMatch(/^http:\/\/localhost\/activate\/[A-Za-z0-9_-]{43}$/);
    expect(new Date(user.activationExpiresAt).getTime() - clock.getTime()).toBe(72 * HOUR);
    const row = await t.deps.db
      .selectFrom('activationLinks')
      .selectAll()
      .where('userId', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(user.activationUrl).not.toContain(row.tokenHash);
    // The API token still works for integrations.
    expect((await t.call('GET', '/api/v1/me', { token: user.token })).body.name).toBe('张三');
  });

  it('a new link replaces the unused one; only the bureau may issue it; a missing user is 404', async () => {
    const user = await newUser();
    const again = await t.call('POST', `/api/v1/users/${user.id}/activation`);
    expect(again.status).toBe(201);
    expect(again.headers.get('cache-control')).toBe('no-store');
    const browser = new WebClient(t);
    expect((await browser.get(linkPath(user.activationUrl))).status).toBe(410);
    expect((await browser.get(linkPath(again.body.activationUrl))).status).toBe(200);
    const ent = await fixtures(t).enterprise();
    const entUser = await newUser('enterprise', { enterpriseId: ent.id });
    expect((await t.call('POST', `/api/v1/users/${user.id}/activation`, { token: entUser.token })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/users/00000000-0000-4000-8000-000000000000/activation')).status).toBe(404);
  });
});

describe('activation page', () => {
  it('sets a login name and password once; the link is then dead', async () => {
    const user = await newUser();
    const browser = new WebClient(t);
    const page = await browser.get(linkPath(user.activationUrl));
    expect(page.status).toBe(200);
    expect(page.html).toContain('<title>激活账户');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const password = strongPassword();
    const done = await browser.post(linkPath(user.activationUrl), {
      loginName: 'zhangsan01',
      password,
      passwordConfirm: password,
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/login');
    expect((await browser.get('/login')).html).toContain('密码已设置');
    const reused = await browser.post(linkPath(user.activationUrl), {
      loginName: 'zhangsan02',
      password,
      passwordConfirm: password,
    });
    expect(reused.status).toBe(410);
    expect(reused.html).toContain('已经使用过');
    const signIn = await browser.post('/login', { loginName: 'ZhangSan01', password });
    expect(signIn.status).toBe(303);
  });

  it('expires after 72 hours', async () => {
    const user = await newUser();
    advance(72 * HOUR + 1000);
    const browser = new WebClient(t);
    expect((await browser.get(linkPath(user.activationUrl))).status).toBe(410);
    const password = strongPassword();
    expect(
      (await browser.post(linkPath(user.activationUrl), { loginName: 'late0001', password, passwordConfirm: password }))
        .status,
    ).toBe(410);
  });

  it.each([
    ['short', 'abc12345', 'password', '至少 10 个字符'],
    ['common', '1234567890', 'password', '太常见'],
    ['contains the login name', 'wangwu-2026-xyz', 'password', '不能包含登录名'],
    ['not confirmed', 'a-long-enough-pass', 'passwordConfirm', '两次输入的密码不一致'],
  ])('refuses a password that is %s, beside the field and in the summary', async (_what, password, field, message) => {
    const user = await newUser();
    const browser = new WebClient(t);
    const res = await browser.post(linkPath(user.activationUrl), {
      loginName: 'wangwu',
      password,
      passwordConfirm: field === 'passwordConfirm' ? `${password}!` : password,
    });
    expect(res.status).toBe(200);
    expect(res.html).toContain('<title>错误：激活账户');
    expect(res.html).toMatch(new RegExp(`id="f-${field}-error"[^>]*>.*${message}`));
    expect(res.html).toContain(`href="#f-${field}"`);
    // The user's input is kept; the link still works.
    expect(res.html).toContain('value="wangwu"');
    expect((await browser.get(linkPath(user.activationUrl))).status).toBe(200);
  });

  it('refuses a login name that is neither a phone number nor an account name, or is taken', async () => {
    const first = await signedIn(t, 'bureau');
    const user = await newUser();
    const browser = new WebClient(t);
    const password = strongPassword();
    const bad = await browser.post(linkPath(user.activationUrl), {
      loginName: '张 三',
      password,
      passwordConfirm: password,
    });
    expect(bad.status).toBe(200);
    expect(bad.html).toContain('11 位手机号');
    const taken = await browser.post(linkPath(user.activationUrl), {
      loginName: first.loginName.toUpperCase(),
      password,
      passwordConfirm: password,
    });
    expect(taken.status).toBe(200);
    expect(taken.html).toContain('已被使用');
    const phone = await browser.post(linkPath(user.activationUrl), {
      loginName: '13912345678',
      password,
      passwordConfirm: password,
    });
    expect(phone.status).toBe(303);
  });

  it('a reset link ends the sessions signed in with the old password', async () => {
    const user = await signedIn(t, 'bureau');
    const link = await t.call('POST', `/api/v1/users/${user.userId}/activation`);
    const page = await new WebClient(t).get(linkPath(link.body.activationUrl));
    expect(page.html).toContain('<title>重设密码');
    expect(page.html).toContain(`value="${user.loginName}"`);
    const password = strongPassword();
    expect(
      (
        await new WebClient(t).post(linkPath(link.body.activationUrl), {
          loginName: user.loginName,
          password,
          passwordConfirm: password,
        })
      ).status,
    ).toBe(303);
    expect((await user.browser.get('/account')).location).toBe('/login?next=%2Faccount');
  });
});

describe('sign-in and sessions', () => {
  it('signs in, goes to the role start page, and stores the session hashed with address and browser', async () => {
    const ent = await fixtures(t).enterprise();
    const user = await signedIn(t, 'enterprise', { enterpriseId: ent.id });
    const home = await user.browser.get('/');
    expect(home.status).toBe(303);
    expect(home.location).toBe('/enterprise/problems');
    const start = await user.browser.get('/enterprise/problems');
    expect(start.status).toBe(200);
    expect(start.headers.get('cache-control')).toBe('private, no-store');
    const secret = user.browser.cookies.get('cxy_session')!;
    const rows = await t.deps.db.selectFrom('sessions').selectAll().where('userId', '=', user.userId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toBe(secret);
    expect(rows[0]!.userAgent).toContain('Chrome');
  });

  it('sets the session cookie HttpOnly and SameSite=Lax', async () => {
    const user = await newUser();
    const browser = new WebClient(t);
    const password = strongPassword();
    await browser.post(linkPath(user.activationUrl), { loginName: 'cookie01', password, passwordConfirm: password });
    const res = await t.app.request('/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
        cookie: `cxy_visitor=${browser.cookies.get('cxy_visitor')}`,
      },
      body: new URLSearchParams({ loginName: 'cookie01', password, _csrf: browser.csrf }).toString(),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cxy_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('follows ?next= to a local page only', async () => {
    const user = await signedIn(t, 'bureau');
    const browser = new WebClient(t);
    expect(
      (await browser.post('/login?next=%2Faccount', { loginName: user.loginName, password: user.password })).location,
    ).toBe('/account');
    const other = new WebClient(t);
    expect(
      (await other.post('/login?next=%2F%2Fevil.example', { loginName: user.loginName, password: user.password }))
        .location,
    ).toBe('/bureau');
  });

  it('ends a session after 8 idle hours, and after 7 days however active', async () => {
    const user = await signedIn(t, 'bureau');
    advance(7 * HOUR);
    expect((await user.browser.get('/account')).status).toBe(200);
    advance(7 * HOUR); // 7 h since the last request: still alive
    expect((await user.browser.get('/account')).status).toBe(200);
    advance(8 * HOUR);
    expect((await user.browser.get('/account')).status).toBe(303);

    const busy = await signedIn(t, 'bureau');
    for (let h = 0; h < 7 * 24 - 4; h += 4) {
      advance(4 * HOUR);
      expect((await busy.browser.get('/account')).status, `after ${h + 4} h`).toBe(200);
    }
    advance(5 * HOUR);
    expect((await busy.browser.get('/account')).status).toBe(303);
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const user = await signedIn(t, 'bureau');
    const secret = user.browser.cookies.get('cxy_session')!;
    const out = await user.browser.post('/logout', {});
    expect(out.location).toBe('/login');
    expect(user.browser.cookies.has('cxy_session')).toBe(false);
    const replay = await t.app.request('/account', { headers: { cookie: `cxy_session=${secret}` } });
    expect(replay.status).toBe(303);
  });

  it('my account lists my sessions; sign out everywhere ends them all', async () => {
    const user = await signedIn(t, 'bureau');
    const second = new WebClient(t, 'Mozilla/5.0 (Windows NT 10.0) Firefox/140.0');
    await second.post('/login', { loginName: user.loginName, password: user.password });
    const page = await user.browser.get('/account');
    expect(page.html).toContain('Firefox · Windows');
    expect(page.html).toContain('本机');
    const out = await user.browser.post('/account/sessions/end-all', {});
    expect(out.location).toBe('/login');
    expect((await second.get('/account')).status).toBe(303);
    expect((await user.browser.get('/account')).status).toBe(303);
  });

  it('changes the password: the current one is checked, other sessions end, this one stays', async () => {
    const user = await signedIn(t, 'bureau');
    const other = new WebClient(t);
    await other.post('/login', { loginName: user.loginName, password: user.password });
    const wrong = await user.browser.post('/account/password', {
      currentPassword: 'not-my-password',
      newPassword: 'a-new-long-password',
      newPasswordConfirm: 'a-new-long-password',
    });
    expect(wrong.status).toBe(200);
    expect(wrong.html).toContain('当前密码不正确');
    const weak = await user.browser.post('/account/password', {
      currentPassword: user.password,
      newPassword: 'password123',
      newPasswordConfirm: 'password123',
    });
    expect(weak.html).toContain('太常见');
    const next = strongPassword();
    const ok = await user.browser.post('/account/password', {
      currentPassword: user.password,
      newPassword: next,
      newPasswordConfirm: next,
    });
    expect(ok.status).toBe(303);
    expect((await user.browser.get('/account')).html).toContain('密码已修改');
    expect((await other.get('/account')).status).toBe(303);
    expect((await new WebClient(t).post('/login', { loginName: user.loginName, password: user.password })).status).toBe(
      200,
    );
    expect((await new WebClient(t).post('/login', { loginName: user.loginName, password: next })).status).toBe(303);
  });

  it('disabling a user ends all of their sessions and refuses sign-in', async () => {
    const user = await signedIn(t, 'bureau');
    const { body } = await t.call('GET', `/api/v1/users/${user.userId}`);
    expect(
      (await t.call('PATCH', `/api/v1/users/${user.userId}`, { body: { disabled: true, version: body.version } }))
        .status,
    ).toBe(200);
    const live = await t.deps.db
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', user.userId)
      .where('endedAt', 'is', null)
      .execute();
    expect(live).toEqual([]);
    expect((await user.browser.get('/account')).status).toBe(303);
    const again = await new WebClient(t).post('/login', { loginName: user.loginName, password: user.password });
    expect(again.status).toBe(200);
    expect(again.html).toContain('登录名或密码不正确');
  });
});
