import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('smoke', () => {
  it('health reports the database', async () => {
    const r = await t.call('GET', '/health', { token: null });
    expect(r.status).toBe(200);
    expect(r.body.database.ok).toBe(true);
  });
  it('creates and reads a university', async () => {
    const r = await t.call('POST', '/api/v1/universities', { body: { name: '江南理工大学', kind: 'university', city: '杭州' } });
    expect(r.status).toBe(201);
    const g = await t.call('GET', `/api/v1/universities/${r.body.id}`);
    expect(g.status).toBe(200);
    expect(g.headers.get('etag')).toBe('"v1"');
    const bad = await t.call('POST', '/api/v1/universities', { body: { name: '', kind: 'x', extra: 1 } });
    expect(bad.status).toBe(422);
    console.log(JSON.stringify(bad.body));
    const list = await t.call('GET', '/api/v1/universities?limit=1');
    console.log(JSON.stringify(list.body));
  });
});
