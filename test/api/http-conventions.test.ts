/** HTTP conventions shared by every route: problem+json errors, auth, limits, OpenAPI. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, testApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const PROBLEM_JSON = /^application\/problem\+json/;

describe('errors are RFC 9457 problem+json, never 5xx', () => {
  it('malformed JSON → 400', async () => {
    const r = await t.call('POST', '/api/v1/universities', {
      body: '{"name": "坏的',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(PROBLEM_JSON);
    expect(r.body).toMatchObject({ status: 400, code: 'invalid_request', detail: '请求体不是合法的 JSON' });
  });

  it('a body that is not JSON → 415', async () => {
    const r = await t.call('POST', '/api/v1/universities', {
      body: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(415);
    expect(r.body.code).toBe('unsupported_media_type');
  });

  it('a missing body → 422 naming the required fields', async () => {
    const r = await t.call('POST', '/api/v1/universities', { headers: { 'content-type': 'application/json' } });
    expect([400, 422]).toContain(r.status);
    expect(r.headers.get('content-type')).toMatch(PROBLEM_JSON);
  });

  it('wrong types and unknown fields → 422 with field paths in Chinese', async () => {
    const r = await t.call('POST', '/api/v1/universities', { body: { name: 42, kind: 'school', hacker: true } });
    expect(r.status).toBe(422);
    const paths = r.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'kind', 'hacker']));
    for (const e of r.body.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('an oversize body → 413', async () => {
    const r = await t.call('POST', '/api/v1/universities', {
      body: { name: '大'.repeat(100_000), kind: 'university' },
    });
    expect(r.status).toBe(413);
    expect(r.body.code).toBe('payload_too_large');
  });

  it.each(['limit=1000', 'limit=0', 'limit=abc', 'limit=-5', 'sort=drop table', 'cursor=%%%'])(
    'absurd query %s → 400',
    async (qs) => {
      const r = await t.call('GET', `/api/v1/universities?${qs}`);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.headers.get('content-type')).toMatch(PROBLEM_JSON);
    },
  );

  it('an id that is not a UUID → 400 with the path parameter named', async () => {
    const r = await t.call('GET', '/api/v1/universities/not-a-uuid');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('path.id');
  });

  it('an unknown address → 404 problem+json', async () => {
    const r = await t.call('GET', '/api/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(PROBLEM_JSON);
  });
});

describe('authentication', () => {
  it('no token → 401', async () => {
    const r = await t.call('GET', '/api/v1/universities', { token: null });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('unauthorized');
  });
  it('an unknown token → 401', async () => {
    const r = await t.call('GET', '/api/v1/universities', { token: 'cxy_not-a-real-token' });
    expect(r.status).toBe(401);
  });
  it('a malformed Authorization header → 401', async () => {
    const r = await t.call('GET', '/api/v1/universities', { token: null, headers: { authorization: 'Basic abc' } });
    expect(r.status).toBe(401);
  });
  it('the taxonomy is public and lists the nine domains with Chinese names', async () => {
    const r = await t.call('GET', '/api/v1/taxonomy', { token: null });
    expect(r.status).toBe(200);
    expect(r.body.domains).toHaveLength(9);
    expect(r.body.domains.find((d: { code: string }) => d.code === 'electronic_info')).toMatchObject({
      name: '电子信息',
    });
    expect(r.body.domains.find((d: { code: string }) => d.code === 'new_materials').subfields).toContain('高分子材料');
  });
});

describe('documentation', () => {
  it('serves an OpenAPI document in which every API route states its roles', async () => {
    const r = await t.call('GET', '/openapi.json', { token: null });
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const ops = Object.entries(r.body.paths as Record<string, Record<string, { description?: string }>>).flatMap(
      ([p, methods]) =>
        Object.entries(methods).map(([m, op]) => ({
          route: `${m.toUpperCase()} ${p}`,
          description: op.description ?? '',
        })),
    );
    expect(ops.length).toBeGreaterThan(15);
    for (const op of ops) expect(op.description, op.route).toContain('可调用角色');
  });
  it('serves a browsable page', async () => {
    const r = await t.call('GET', '/docs', { token: null });
    expect(r.status).toBe(200);
    expect(String(r.body)).toContain('swagger');
  });
  it('health reports the database mode', async () => {
    const r = await t.call('GET', '/health', { token: null });
    expect(r.status).toBe(200);
    expect(r.body.database).toMatchObject({ mode: t.store.mode, ok: true });
  });
});

describe('JSON answers over a real HTTP server', () => {
  it('carry application/json, the UTF-8 length of the body and its Chinese text intact; headers and status as set', async () => {
    const { serve } = await import('@hono/node-server');
    const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as import('node:http').Server;
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
    try {
      const res = await fetch(`${base}/api/v1/taxonomy`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
      const body = JSON.parse(new TextDecoder().decode(bytes));
      expect(body.domains.find((d: { code: string }) => d.code === 'electronic_info').name).toBe('电子信息');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');

      const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
      const created = await fetch(`${base}/api/v1/universities`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: '字节长度大学', kind: 'university' }),
      });
      const text = await created.text();
      expect(created.status, text).toBe(201);
      expect(created.headers.get('content-type')).toBe('application/json');
      expect(created.headers.get('etag')).toBeTruthy();
      expect(created.headers.get('location')).toMatch(/\/api\/v1\/universities\/[0-9a-f-]{36}$/);
      expect(JSON.parse(text).name).toBe('字节长度大学');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
