/**
 * The production build: `npm run build` writes dist/, and `node dist/index.js` starts from the
 * project root on a fresh data directory, serves /health, and stops on SIGTERM.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxy-build-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A port the OS just handed out and took back: free for the child to bind. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });

test('npm run build, then node dist/index.js serves /health and stops on SIGTERM', async () => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
  const port = await freePort();
  const { DATABASE_URL: _db, MEILI_URL: _meili, ...env } = process.env;
  const child = spawn(process.execPath, ['dist/index.js'], {
    cwd: root,
    env: { ...env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    let health: { status: string; database: { mode: string } } | undefined;
    for (let i = 0; i < 360 && !health && child.exitCode === null; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.ok) health = (await res.json()) as typeof health;
      } catch {
        /* not listening yet */
      }
      if (!health) await new Promise((r) => setTimeout(r, 500));
    }
    expect(health, output).toMatchObject({ status: 'ok', database: { mode: 'pglite' } });
    const docs = await fetch(`http://127.0.0.1:${port}/openapi.json`);
    expect(docs.status).toBe(200);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}, 600_000);
