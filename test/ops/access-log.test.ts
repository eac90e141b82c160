/**
 * Logs: one access line per request with method, route pattern, status, duration, request id
 * and actor id; nothing a request carries — token, password, cookie, phone number, problem text,
 * search words — reaches the log stream; levels filter, and debug writes at level debug.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ logger: createLogger('debug', sink) });
});
afterAll(() => t.close());

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('access log and redaction', () => {
  it('logs each request by route pattern and never what the request carried', async () => {
    const f = fixtures(t);
    const token = await f.user('bureau');
    const me = await t.call('GET', '/api/v1/me', { token });
    expect(me.status).toBe(200);
    const phone = '13912345678';
    const ent = await f.enterprise({ contactPhone: phone });
    const problemText = '高精度谐波减速器柔轮疲劳寿命不足的独门难题';
    const p = await t.call('POST', '/api/v1/problems', {
      token,
      body: {
        enterpriseId: ent.id,
        title: problemText,
        description: `${problemText}，需要联合攻关。`,
        domains: ['advanced_manufacturing'],
      },
      headers: { cookie: 'cxy_session=cookie-secret-value-42' },
    });
    expect(p.status).toBe(201);
    await t.call('GET', `/api/v1/problems/${p.body.id}`, { token });
    await t.call('GET', `/api/v1/search?index=problems&q=${encodeURIComponent('谐波减速器柔轮')}`, { token });
    const pw = await t.call('POST', '/api/v1/users', {
      token,
      body: { name: '带密码的请求', role: 'bureau', password: 'Pa55word-never-logged' },
    });
    expect(pw.status).toBe(422);

    const text = lines.join('\n');
    for (const secret of [
      token,
      'test-admin-token',
      phone,
      problemText,
      '谐波减速器柔轮',
      'cookie-secret-value-42',
      'Pa55word-never-logged',
      encodeURIComponent('谐波减速器柔轮'),
    ]) {
      expect(text, secret).not.toContain(secret);
    }

    const access = parsed().filter((l) => l.msg === 'request');
    const created = access.find((l) => l.method === 'POST' && l.route === '/api/v1/problems')!;
    expect(created).toMatchObject({ level: 'info', status: 201, actorId: me.body.userId });
    expect(typeof created.requestId).toBe('string');
    expect(typeof created.ms).toBe('number');
    expect(typeof created.time).toBe('string');
    expect(Object.keys(created).sort()).toEqual([
      'actorId',
      'level',
      'method',
      'ms',
      'msg',
      'requestId',
      'route',
      'status',
      'time',
    ]);
    expect(access.find((l) => l.method === 'GET' && l.route === '/api/v1/problems/:id')).toMatchObject({ status: 200 });
    expect(access.find((l) => l.route === '/api/v1/search')).toMatchObject({ status: 200 });
    expect(access.find((l) => l.method === 'POST' && l.route === '/api/v1/users' && l.status === 422)).toMatchObject({
      level: 'warn',
    });
    expect(access.find((l) => l.status === 404 && l.route === '(no route)')).toBeUndefined();
    await t.call('GET', '/api/v1/no-such-thing');
    expect(parsed().at(-1)).toMatchObject({ msg: 'request', route: '(no route)', status: 404 });
  });

  it('fields named like secrets are redacted whoever logs them', () => {
    const captured: string[] = [];
    const out = new Writable({ write: (c, _e, d) => (captured.push(String(c)), d()) });
    const data = {
      token: 'tok-123',
      user: { password: 'pw-456', name: '张三' },
      contactPhone: '13800001111',
      ok: 1,
      list: [1, 2],
    };
    createLogger('info', out).info('oops', data);
    expect(captured.join('')).not.toMatch(/tok-123|pw-456|13800001111/);
    expect(JSON.parse(captured[0]!)).toMatchObject({
      ok: 1,
      token: '[redacted]',
      user: { password: '[redacted]', name: '张三' },
      contactPhone: '[redacted]',
      list: [1, 2],
    });
    // The caller's object is left as it was.
    expect(data).toMatchObject({ token: 'tok-123', user: { password: 'pw-456' }, contactPhone: '13800001111' });
  });

  it('writes stdout asynchronously and loses no line when the process exits', () => {
    // The default destination buffers lines; pino writes them out on exit, however the process ends.
    const script = (end: string) =>
      `import { createLogger } from './src/logger.ts';
       const log = createLogger('info');
       for (let i = 0; i < 500; i++) log.info('line', { i });
       ${end}`;
    for (const end of ['process.exit(3);', '', "throw new Error('crash');"]) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(end)], {
        cwd: path.resolve(import.meta.dirname, '../..'),
        encoding: 'utf8',
      });
      const lines = run.stdout.split('\n').filter(Boolean);
      expect(lines.length, end).toBe(500);
      expect(JSON.parse(lines.at(-1)!), end).toMatchObject({ msg: 'line', i: 499 });
    }
  });

  it('levels filter and debug writes at level debug', () => {
    const captured: string[] = [];
    const out = new Writable({ write: (c, _e, d) => (captured.push(String(c)), d()) });
    const info = createLogger('info', out);
    info.debug('hidden');
    info.warn('shown');
    createLogger('debug', out).debug('debug shown', { n: 1 });
    createLogger('silent', out).error('never');
    expect(captured.map((c) => JSON.parse(c).msg)).toEqual(['shown', 'debug shown']);
    expect(JSON.parse(captured[1]!)).toMatchObject({ level: 'debug', n: 1 });
  });
});
