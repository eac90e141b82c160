/**
 * The pages' defences: sign-in throttling (per account and per address) with audit rows and no
 * tell whether an account exists, CSRF (origin and token), role gates, and the error pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { ORIGIN, signedIn, WebClient, type WebUser } from '../support/web.js';

let t: TestApp;
let clock = new Date('2026-06-01T02:00:00Z');
const advance = (ms: number) => void (clock = new Date(clock.getTime() + ms));
const MINUTE = 60_000;

beforeAll(async () => {
  t = await testApp({ now: () => clock });
});
afterAll(() => t.close());

const failures = async (browser: WebClient, loginName: string, n: number) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await browser.post('/login', { loginName, password: `wrong-password-${i}` }));
  return out;
};

const auditActions = async (entityId: string) =>
  (
    await t.deps.db
      .selectFrom('auditLog')
      .select(['action', 'after'])
      .where('entity', '=', 'account')
      .where('entityId', '=', entityId)
      .orderBy('id')
      .execute()
  ).map((r) => r.action);

describe('sign-in throttling', () => {
  it('locks an account for 15 minutes after 5 failures in 15 minutes, and audits every step', async () => {
    const user = await signedIn(t, 'bureau');
    const browser = new WebClient(t);
    const tries = await failures(browser, user.loginName, 5);
    expect(tries.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(tries[4]!.status).toBe(429);
    expect(tries[4]!.html).toContain('尝试次数过多');
    // Locked: even the right password is refused, without checking it.
    expect((await browser.post('/login', { loginName: user.loginName, password: user.password })).status).toBe(429);
    advance(14 * MINUTE);
    expect((await browser.post('/login', { loginName: user.loginName, password: user.password })).status).toBe(429);
    advance(1 * MINUTE + 1000);
    expect((await browser.post('/login', { loginName: user.loginName, password: user.password })).status).toBe(303);
    const actions = await auditActions(user.userId);
    expect(actions.filter((a) => a === 'sign_in_failed')).toHaveLength(7);
    expect(actions).toContain('account_locked');
    expect(actions.filter((a) => a === 'sign_in')).toHaveLength(2); // signedIn() and the one after the lock
  });

  it('failures spread beyond 15 minutes do not lock; a success forgives earlier failures', async () => {
    const user = await signedIn(t, 'bureau');
    const browser = new WebClient(t);
    await failures(browser, user.loginName, 4);
    advance(16 * MINUTE);
    expect((await failures(browser, user.loginName, 1))[0]!.status).toBe(200);
    expect((await browser.post('/login', { loginName: user.loginName, password: user.password })).status).toBe(303);
    const again = await failures(new WebClient(t), user.loginName, 4);
    expect(again.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    advance(16 * MINUTE);
  });

  it('never tells whether an account exists: the same words, and a name that does not exist locks the same way', async () => {
    const user = await signedIn(t, 'bureau');
    const browser = new WebClient(t);
    const [known] = await failures(browser, user.loginName, 1);
    const [unknown] = await failures(browser, 'nobody-here', 1);
    const message = (html: string) => /id="f-password-error"[^>]*>(.*?)<\/p>/.exec(html)?.[1];
    expect(message(unknown!.html)).toBe(message(known!.html));
    expect(message(known!.html)).toContain('登录名或密码不正确');
    const rest = await failures(browser, 'nobody-here', 4);
    expect(rest[3]!.status).toBe(429);
    expect(await auditActions('login:nobody-here')).toEqual([
      'sign_in_failed',
      'sign_in_failed',
      'sign_in_failed',
      'sign_in_failed',
      'sign_in_failed',
      'account_locked',
    ]);
    advance(16 * MINUTE);
  });

  it('slows an address after 20 failures in 15 minutes, whatever names it tries', async () => {
    advance(20 * MINUTE); // earlier tests' failures age out of the window
    const user = await signedIn(t, 'bureau');
    const browser = new WebClient(t);
    for (let i = 0; i < 20; i++) {
      const r = await browser.post('/login', { loginName: `guess${i}`, password: 'wrong-password-x' });
      expect(r.status, `attempt ${i + 1}`).toBe(200);
    }
    const slowed = await browser.post('/login', { loginName: user.loginName, password: user.password });
    expect(slowed.status).toBe(429);
    expect(Number(slowed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(slowed.html).toContain('秒后再试');
    advance(Number(slowed.headers.get('retry-after')) * 1000);
    expect((await browser.post('/login', { loginName: user.loginName, password: user.password })).status).toBe(303);
    advance(16 * MINUTE);
  });

  it('keeps the throttle in the database (another process sees it)', async () => {
    const user = await signedIn(t, 'bureau');
    await failures(new WebClient(t), user.loginName, 5);
    const lock = await t.deps.db
      .selectFrom('signInLocks')
      .selectAll()
      .where('loginKey', '=', user.loginName)
      .executeTakeFirstOrThrow();
    expect(lock.lockedUntil.getTime()).toBe(clock.getTime() + 15 * MINUTE);
    advance(16 * MINUTE);
  });
});

describe('CSRF', () => {
  let user: WebUser;
  beforeAll(async () => {
    user = await signedIn(t, 'bureau');
  });
  const expectRefused = (res: { status: number; html: string }) => {
    expect(res.status).toBe(403);
    expect(res.html).toContain('页面已过期或来源不明');
  };

  it('refuses a form without the token, with a wrong one, or with another session’s', async () => {
    expectRefused(await user.browser.post('/account/sessions/end-all', {}, { csrf: false }));
    expectRefused(await user.browser.post('/account/sessions/end-all', { _csrf: 'x'.repeat(43) }, { csrf: false }));
    const other = await signedIn(t, 'bureau');
    expectRefused(await user.browser.post('/account/sessions/end-all', { _csrf: other.browser.csrf }, { csrf: false }));
    expect((await user.browser.get('/account')).status).toBe(200);
  });

  it('refuses a form from another origin, or with no origin at all, even with the token', async () => {
    expectRefused(
      await user.browser.post('/account/sessions/end-all', {}, { headers: { origin: 'http://evil.example' } }),
    );
    const noOrigin = await user.browser.request('POST', '/account/sessions/end-all', {
      body: new URLSearchParams({ _csrf: user.browser.csrf }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectRefused(noOrigin);
  });

  it('accepts the token in the X-CSRF-Token header (htmx)', async () => {
    const res = await user.browser.request('POST', '/account/sessions/00000000-0000-4000-8000-000000000000/end', {
      body: '',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: ORIGIN,
        'x-csrf-token': user.browser.csrf,
        'hx-request': 'true',
      },
    });
    expect(res.status).toBe(303);
  });

  it('answers a form body that cannot be read (multipart without a boundary, cut short) with the Chinese 400 page, not a 500', async () => {
    const bodies: [string, string][] = [
      ['multipart/form-data', '_csrf=x'],
      ['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc'],
    ];
    // The CSRF check reads the body first; with the token in the header (htmx) the handler does.
    const readers: [string, Record<string, string>][] = [
      ['/account/sessions/end-all', {}],
      ['/account/password', { 'x-csrf-token': user.browser.csrf }],
    ];
    for (const [type, body] of bodies)
      for (const [path, headers] of readers) {
        const res = await user.browser.request('POST', path, {
          body,
          headers: { 'content-type': type, origin: ORIGIN, ...headers },
        });
        expect(res.status, `${path} ${type}`).toBe(400);
        expect(res.html).toContain('<title>错误：请求有误');
        expect(res.html).toContain('提交的表单无法读取');
      }
    const disable = await user.browser.request('POST', `/bureau/directory/users/${user.userId}/disable`, {
      body: 'version=1',
      headers: { 'content-type': 'multipart/form-data', origin: ORIGIN, 'x-csrf-token': user.browser.csrf },
    });
    expect(disable.status).toBe(400);
    expect((await user.browser.get('/account')).status).toBe(200);
  });

  it('protects sign-in too (a visitor token before signing in)', async () => {
    const browser = new WebClient(t);
    await browser.get('/login');
    expectRefused(
      await browser.post('/login', { loginName: user.loginName, password: user.password }, { csrf: false }),
    );
  });

  it('leaves the API alone: bearer calls need no CSRF token', async () => {
    const r = await t.call('POST', '/api/v1/universities', {
      body: { name: `CSRF 大学${Date.now()}`, kind: 'university' },
    });
    expect(r.status).toBe(201);
  });
});

describe('role gates and error pages', () => {
  it('sends a visitor to sign in and back; refuses a wrong role with the Chinese 403 page', async () => {
    const visitor = new WebClient(t);
    expect((await visitor.get('/bureau')).location).toBe('/login?next=%2Fbureau');
    const f = fixtures(t);
    const ent = await f.enterprise();
    const uni = await f.university();
    const entUser = await signedIn(t, 'enterprise', { enterpriseId: ent.id });
    const uniUser = await signedIn(t, 'university', { universityId: uni.id });
    const bureau = await signedIn(t, 'bureau');
    const cases: [WebUser, string, number][] = [
      [entUser, '/enterprise/problems', 200],
      [entUser, '/university/needs', 403],
      [entUser, '/bureau', 403],
      [uniUser, '/university/needs', 200],
      [uniUser, '/enterprise/problems', 403],
      [uniUser, '/bureau', 403],
      [bureau, '/bureau', 200],
      [bureau, '/enterprise/problems', 403],
    ];
    for (const [who, path, status] of cases) {
      const res = await who.browser.get(path);
      expect(res.status, path).toBe(status);
      if (status === 403) expect(res.html).toContain('<title>错误：无权访问');
    }
  });

  it('answers an unknown page with the Chinese 404 page and an unknown API path with problem+json', async () => {
    const page = await new WebClient(t).get('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.html).toContain('<title>错误：页面不存在');
    const api = await t.call('GET', '/api/v1/no-such-thing');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('behind a reverse proxy (TRUST_PROXY=true)', () => {
  it('throttles and records each caller by the address the proxy appended, not the ones a caller forged', async () => {
    const proxied = await testApp({ config: { ...t.deps.config, trustProxy: true }, now: () => clock });
    try {
      const user = await signedIn(proxied, 'bureau');
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': `6.6.6.6, ${ip}` } });
      const attacker = new WebClient(proxied);
      for (let i = 0; i < 20; i++)
        await attacker.post('/login', { loginName: `guess${i}`, password: 'wrong-password-x' }, from('10.0.0.66'));
      expect(
        (await attacker.post('/login', { loginName: user.loginName, password: user.password }, from('10.0.0.66')))
          .status,
      ).toBe(429);
      const colleague = new WebClient(proxied);
      expect(
        (await colleague.post('/login', { loginName: user.loginName, password: user.password }, from('10.0.0.7')))
          .status,
      ).toBe(303);
      const session = await proxied.deps.db
        .selectFrom('sessions')
        .select('ip')
        .where('userId', '=', user.userId)
        .orderBy('createdAt', 'desc')
        .orderBy('id')
        .execute();
      expect(session.map((s) => s.ip)).toContain('10.0.0.7');
    } finally {
      await proxied.close();
    }
  }, 90_000); // a second app and 22 scrypt sign-ins: slow on a shared 2-core machine
});
