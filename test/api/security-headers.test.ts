/**
 * Security headers (issue 12, defect 7): every response — API answers, errors of every kind,
 * downloads, the OpenAPI document, /health, the web pages and /docs — carries nosniff, frame denial,
 * a referrer policy and the Content-Security-Policy the web pages are written for.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, testApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

const cases: [string, string, RequestInit, number][] = [
  ['health', '/health', {}, 200],
  ['OpenAPI document', '/openapi.json', {}, 200],
  ['a list', '/api/v1/problems', { headers: auth }, 200],
  ['a CSV download', '/api/v1/exports/labs?format=csv', { headers: auth }, 200],
  ['401 without a token', '/api/v1/problems', {}, 401],
  ['404 unknown API path', '/api/v1/nothing-here', { headers: auth }, 404],
  ['400 bad query', '/api/v1/problems?limit=0', { headers: auth }, 400],
  [
    '422 bad body',
    '/api/v1/universities',
    { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' },
    422,
  ],
  [
    '413 body too large',
    '/api/v1/universities',
    {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: `{"name":"${'x'.repeat(70 * 1024)}"}`,
    },
    413,
  ],
  ['a web page', '/login', {}, 200],
  ['a page not found', '/no/such/page', {}, 404],
];

describe('every response carries the security headers', () => {
  it.each(cases)('%s', async (_name, path, init, status) => {
    const res = await t.app.request(path, init);
    expect(res.status).toBe(status);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
  });

  it('an unexpected error (500) too', async () => {
    // A table gone from under a running app: the unknown-error branch of onError.
    const failing = await testApp();
    await sql`drop table problems cascade`.execute(failing.store.db);
    try {
      const res = await failing.app.request('/api/v1/problems', { headers: auth });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-security-policy')).toBe(CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await failing.deps.imports.stop();
      await failing.deps.search.indexer.stop();
      await failing.deps.search.engine.close();
      await failing.store.close();
    }
  });

  it('/docs (Swagger UI served by the app) and its assets get the same policy, no exception', async () => {
    const res = await t.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|\sstyle="/);
    for (const src of html.match(/\/assets\/[^"]+/g) ?? []) {
      const asset = await t.app.request(src);
      expect(asset.status, src).toBe(200);
      expect(asset.headers.get('content-security-policy'), src).toBe(CSP);
      expect(asset.headers.get('x-content-type-options'), src).toBe('nosniff');
    }
  });
});
