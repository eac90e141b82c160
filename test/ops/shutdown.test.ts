/**
 * Graceful shutdown of the real server process: SIGTERM while slow requests are in flight (a
 * report narrative polished by a chat model that answers late) — new connections are refused at
 * once, the requests in flight complete with 200, and the process exits 0 after closing the
 * database. Also /health/live and /health/ready on the running process.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatServer, startChatServer } from '../support/chat-server.js';
import { childDatabase, type ChildDatabase, type ServerProcess, startServer } from '../support/server-process.js';

const ADMIN = 'shutdown-test-admin-token-0123';
let chat: ChatServer;
let db: ChildDatabase;
let server: ServerProcess;

beforeAll(async () => {
  chat = await startChatServer();
  chat.delayMs = 2_500;
  db = await childDatabase();
  server = await startServer({
    ...db.env,
    ADMIN_TOKEN: ADMIN,
    LLM_BASE_URL: chat.url,
    LLM_MODEL: 'test-chat',
    SHUTDOWN_GRACE_MS: '10000',
  });
}, 120_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  await chat?.close();
  await db?.drop();
});

describe('graceful shutdown', () => {
  it('answers live and ready while running', async () => {
    const live = await fetch(`${server.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: { ok: true }, migrations: { ok: true }, search: { ok: true } },
    });
  });

  it('finishes requests in flight on SIGTERM, refuses new ones, and exits 0', async () => {
    const path = '/api/v1/reports/summary/narrative?from=2025-01-01&to=2025-06-30&polish=true';
    const slow = Array.from({ length: 3 }, () =>
      fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } }),
    );
    // Wait until all three are inside the server, waiting on the chat model.
    for (let i = 0; i < 200 && chat.requests.length < 3; i++) await new Promise((r) => setTimeout(r, 25));
    expect(chat.requests.length).toBeGreaterThanOrEqual(3);
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    for (let i = 0; i < 200 && !server.logs.some((l) => l.msg === 'shutting down'); i++)
      await new Promise((r) => setTimeout(r, 25));
    // A new connection (not one kept alive from before) is refused: the listening socket is closed.
    const fresh = await new Promise<string>((resolve) => {
      http
        .get(`${server.url}/health/live`, { agent: false }, (res) => resolve(`answered ${res.statusCode}`))
        .on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    expect(fresh).toBe('ECONNREFUSED');

    const responses = await Promise.all(slow);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of responses) expect(JSON.stringify(await r.json()).length).toBeGreaterThan(20);
    expect(await server.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    const messages = server.logs.map((l) => l.msg);
    expect(messages).toContain('shutting down');
    expect(messages.at(-1)).toBe('stopped');
    expect(
      server.logs
        .filter((l) => l.msg === 'request' && l.route === '/api/v1/reports/summary/narrative')
        .map((l) => l.status),
    ).toEqual([200, 200, 200]);
  });
});
