/**
 * Rate limits: the expensive routes answer 429 problem+json with Retry-After once a user (or an
 * address) spends its window; other routes and import progress polling are not limited; two app
 * instances on one database count the same window; the limits come from the environment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ConfigError, loadConfig, rateLimitsOf } from '../../src/config.js';
import { consume } from '../../src/http/rate-limit.js';
import { client, testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';

let t: TestApp;
let bureau: string;
// Hour-long windows: a fixed window that rolls over mid-test would reset the counts.
const limits = {
  reports: { max: 3, windowS: 3600 },
  exports: { max: 2, windowS: 3600 },
  matches: { max: 2, windowS: 3600 },
  imports: { max: 2, windowS: 3600 },
  addressFactor: 2,
  trustProxy: true,
};

beforeAll(async () => {
  t = await testApp();
  bureau = await fixtures(t).user('bureau');
  t.deps.config.rateLimits = limits;
});
afterAll(() => t.close());

const from = (addr: string, token?: string) => ({ headers: { 'x-forwarded-for': addr }, ...(token ? { token } : {}) });

describe('rate limits', () => {
  it('a user past the limit gets 429 problem+json with Retry-After; another address does not help', async () => {
    for (let i = 0; i < 3; i++)
      expect((await t.call('GET', '/api/v1/reports/summary', from('10.0.0.1'))).status).toBe(200);
    const refused = await t.call('GET', '/api/v1/reports/summary', from('10.0.0.1'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body).toMatchObject({ status: 429, code: 'too_many_requests', title: '请求过于频繁，请稍后再试' });
    expect(refused.body.detail).toContain('每个用户每 60 分钟 3 次');
    expect((await t.call('GET', '/api/v1/reports/summary', from('10.0.0.9'))).status).toBe(429);
  });

  it('an address is limited across its users', async () => {
    // 10.0.0.1 has 4 hits already; the address allows 3 × 2 = 6.
    expect((await t.call('GET', '/api/v1/reports/summary', from('10.0.0.1', bureau))).status).toBe(200);
    expect((await t.call('GET', '/api/v1/reports/summary', from('10.0.0.1', bureau))).status).toBe(200);
    const refused = await t.call('GET', '/api/v1/reports/summary', from('10.0.0.1', bureau));
    expect(refused.status).toBe(429);
    expect(refused.body.detail).toContain('同一地址每 60 分钟 6 次');
    // The bureau user has spent 3 of its own: from another address it is refused as a user.
    expect((await t.call('GET', '/api/v1/reports/summary', from('10.0.0.2', bureau))).status).toBe(429);
  });

  it('another app instance on the same database counts the same window', async () => {
    const other = client(createApp({ ...t.deps, config: { ...t.deps.config } }));
    expect((await other('GET', '/api/v1/reports/summary', from('10.0.0.3'))).status).toBe(429);
  });

  it('exports and matches are limited per group; lists and import polling are not', async () => {
    const f = fixtures(t);
    const ent = await f.enterprise();
    const p = await f.problem(ent.id);
    const statuses = async (path: string, n: number) => {
      const out = [];
      for (let i = 0; i < n; i++) out.push((await t.call('GET', path, from('10.0.1.1', bureau))).status);
      return out;
    };
    expect(await statuses(`/api/v1/problems/${p.id}/matches`, 3)).toEqual([200, 200, 429]);
    expect(await statuses('/api/v1/exports/problems?format=csv', 3)).toEqual([200, 200, 429]);
    expect((await statuses('/api/v1/problems', 8)).every((s) => s === 200)).toBe(true);
    expect((await statuses('/api/v1/imports', 8)).every((s) => s === 200)).toBe(true);
  });

  it('consume counts several keys in one statement and refuses on the first one spent', async () => {
    const keys = [
      { key: `signin:user:${Date.now()}`, limit: { max: 1, windowS: 30 } },
      { key: `signin:addr:${Date.now()}`, limit: { max: 5, windowS: 30 } },
    ];
    expect(await consume(t.store.db, keys)).toEqual({ allowed: true, retryAfterS: 0 });
    const refused = await consume(t.store.db, keys);
    expect(refused).toMatchObject({ allowed: false, refusedBy: keys[0]!.key });
    expect(refused.retryAfterS).toBeGreaterThan(0);
    expect(refused.retryAfterS).toBeLessThanOrEqual(30);
  });

  it('limits come from the environment', () => {
    const c = loadConfig({ RATE_LIMIT_MATCHES: '5/10', RATE_LIMIT_EXPORTS: 'off', TRUST_PROXY: 'true' });
    expect(rateLimitsOf(c)).toEqual({
      matches: { max: 5, windowS: 10 },
      imports: { max: 20, windowS: 60 },
      reports: { max: 30, windowS: 60 },
      exports: undefined,
      addressFactor: 5,
      trustProxy: true,
    });
    expect(() => loadConfig({ RATE_LIMIT_REPORTS: 'lots' })).toThrow(ConfigError);
  });
});
