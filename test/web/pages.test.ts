/**
 * Every shell page renders for each role, in Chinese, inside the CSP (no inline script or style);
 * assets are served from the app with content hashes; /docs is local; a crash shows the 500 page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asset } from '../../src/web/assets.js';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { signedIn, WebClient, type WebUser } from '../support/web.js';

let t: TestApp;
let users: Record<'bureau' | 'enterprise' | 'university', WebUser>;

beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  const [ent, uni] = await Promise.all([f.enterprise(), f.university()]);
  users = {
    bureau: await signedIn(t, 'bureau'),
    enterprise: await signedIn(t, 'enterprise', { enterpriseId: ent.id }),
    university: await signedIn(t, 'university', { universityId: uni.id }),
  };
});
afterAll(() => t.close());

/** What the CSP forbids, and what every page must have. */
function expectWellFormedPage(html: string) {
  expect(html.startsWith('<!DOCTYPE html><html lang="zh-CN">')).toBe(true);
  for (const [, attrs] of html.matchAll(/<script([^>]*)>/g)) expect(attrs).toMatch(/src="\/assets\//);
  expect(html).not.toMatch(/<style/);
  expect(html).not.toMatch(/\sstyle="/);
  expect(html).not.toMatch(/\shx-on/);
  expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
  expect(html).toMatch(/<title>[^<]+ · 产学研对接平台<\/title>/);
}

describe.each(['bureau', 'enterprise', 'university'] as const)('pages for %s', (role) => {
  const START = { bureau: '/bureau', enterprise: '/enterprise/problems', university: '/university/needs' };

  it('the start page and my account render with the role’s navigation', async () => {
    const browser = users[role].browser;
    expect((await browser.get('/')).location).toBe(START[role]);
    for (const path of [START[role], '/account']) {
      const res = await browser.get(path);
      expect(res.status, path).toBe(200);
      expectWellFormedPage(res.html);
      expect(res.html).toContain('aria-label="主导航"');
      expect(res.html).toContain('name="_csrf"');
      expect(res.html).toMatch(/hx-headers="\{&quot;X-CSRF-Token&quot;:&quot;[A-Za-z0-9_-]{43}&quot;\}"/);
    }
    const account = await browser.get('/account');
    expect(account.html).toContain(users[role].loginName);
    expect(account.html).toContain('aria-current="page"');
  });
});

describe('pages for visitors', () => {
  it('sign-in, the dead activation link and the 404 page render', async () => {
    const browser = new WebClient(t);
    const login = await browser.get('/login');
    expect(login.status).toBe(200);
    expectWellFormedPage(login.html);
    expect(login.html).toContain('<label for="f-loginName"');
    const dead = await browser.get('/activate/not-a-real-token');
    expect(dead.status).toBe(410);
    expectWellFormedPage(dead.html);
    const missing = await browser.get('/nowhere');
    expect(missing.status).toBe(404);
    expectWellFormedPage(missing.html);
  });

  it('shows empty fields as "此项必填" beside the field and in the linked summary', async () => {
    const res = await new WebClient(t).post('/login', { loginName: '', password: '' });
    expect(res.status).toBe(200);
    expect(res.html).toContain('<title>错误：登录');
    expect(res.html).toContain('<a href="#f-loginName">请填写登录名</a>');
    expect(res.html).toMatch(/id="f-password-error"[^>]*><span class="visually-hidden">错误：<\/span>请填写密码/);
    expect(res.html).toContain('aria-invalid="true"');
  });
});

describe('assets and /docs', () => {
  it('serves each asset at a content-hashed URL with a year-long immutable cache', async () => {
    for (const name of ['app.css', 'app.js', 'htmx.js', 'docs.js', 'swagger-ui.css', 'swagger-ui-bundle.js']) {
      const url = asset(name);
      expect(url).toMatch(/^\/assets\/[\w-]+\.[0-9a-f]{12}\.(css|js)$/);
      const res = await t.app.request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(/^(text\/css|text\/javascript)/);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect((await t.app.request('/assets/app.000000000000.css')).status).toBe(404);
  });

  it('has an icon: every page links it, and /favicon.ico (asked for by browsers) leads to it, not a 404', async () => {
    const icon = asset('favicon.svg');
    const page = await users.enterprise.browser.get('/enterprise/problems');
    expect(page.html).toContain(`<link rel="icon" href="${icon}"`);
    const res = await t.app.request('/favicon.ico');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(icon);
    const svg = await t.app.request(icon);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('/docs loads Swagger UI from this app, not a CDN', async () => {
    const res = await t.app.request('/docs');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(asset('swagger-ui-bundle.js'));
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<)/);
  });
});

describe('the 500 page', () => {
  it('shows the request id when something breaks', async () => {
    const broken = await testApp();
    const user = await signedIn(broken, 'bureau');
    await broken.store.close();
    const res = await broken.app.request('/account', {
      headers: { cookie: `cxy_session=${user.browser.cookies.get('cxy_session')}`, 'x-request-id': 'req-test-500' },
    });
    const html = await res.text();
    expect(res.status).toBe(500);
    expect(html).toContain('<title>错误：服务器出错了');
    expect(html).toContain('<code>req-test-500</code>');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
    await broken.deps.search.indexer.stop();
  });
});
