/**
 * No container engine runs here, so the deployment files are kept honest by reading them: the Dockerfile,
 * compose.yaml and .env.example must use the commands, port, health path and variables the app and the
 * README use. A renamed variable or a moved health check fails here, not on a deployer's server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ConfigSchema, loadConfig } from '../../src/config.js';
import { testApp, type TestApp } from '../support/app.js';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const configVars = Object.keys(ConfigSchema.shape).sort();
const defaults = loadConfig({});
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; license?: string };
const startCommand = pkg.scripts.start!.split(' ');
const readme = read('README.md');
const deploymentDoc = read('docs/deployment.md');

/** Dockerfile instructions as [keyword, argument] pairs, continuation lines joined. */
const dockerfile = read('Dockerfile')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((line) => line.trim() && !line.trim().startsWith('#'))
  .map((line) => {
    const [keyword, ...rest] = line.trim().split(/\s+/);
    return [keyword!.toUpperCase(), rest.join(' ')] as const;
  });
const finalStage = dockerfile.slice(dockerfile.findLastIndex(([k]) => k === 'FROM'));
const instr = (keyword: string) => finalStage.filter(([k]) => k === keyword).map(([, arg]) => arg);

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(read('compose.yaml')) as { services: Record<string, Service> };
const app = compose.services.app!;

/** Names of `KEY=value` lines in .env.example. */
const envExample = read('.env.example')
  .split('\n')
  .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
  .map((line) => line.slice(0, line.indexOf('=')));

let t: TestApp;
beforeAll(async () => (t = await testApp()));
afterAll(async () => t?.close());

describe('Dockerfile', () => {
  test('is multi-stage and runs the built app as a non-root user', () => {
    expect(dockerfile.filter(([k]) => k === 'FROM').length).toBeGreaterThanOrEqual(2);
    expect(instr('FROM')[0]).toMatch(/^node:22\b/);
    const user = instr('USER').at(-1);
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(JSON.parse(instr('CMD').at(-1)!)).toEqual(startCommand);
  });

  test('exposes the default PORT and checks the health path the app serves', async () => {
    expect(instr('EXPOSE')).toEqual([String(defaults.PORT)]);
    expect(instr('ENV').join(' ')).toContain(`PORT=${defaults.PORT}`);
    const check = instr('HEALTHCHECK').join(' ');
    expect(check).toContain('/health');
    expect((await t.call('GET', '/health', { token: null })).status).toBe(200);
  });
});

describe('compose.yaml', () => {
  test('runs the app with PostgreSQL 16 and a pinned Meilisearch ≥ 1.16', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['app', 'postgres', 'meilisearch']));
    expect(compose.services.postgres!.image).toMatch(/^postgres:16(\.\d+)?(-[a-z]+)?$/);
    const meili = compose.services.meilisearch!.image!.match(/^getmeili\/meilisearch:v(\d+)\.(\d+)\.(\d+)$/);
    expect(meili, 'Meilisearch must be pinned to an exact version').not.toBeNull();
    expect(Number(meili![1]) * 1000 + Number(meili![2])).toBeGreaterThanOrEqual(1016);
  });

  test('uses the start command, the port and the health path of the Dockerfile', () => {
    expect(app.command).toEqual(startCommand);
    expect(app.environment?.PORT).toBe(defaults.PORT);
    expect(app.ports).toEqual([`\${PORT:-${defaults.PORT}}:${defaults.PORT}`]);
    expect(app.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${defaults.PORT}/health`);
    expect(app.depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      meilisearch: { condition: 'service_healthy' },
    });
  });

  test('gives the app every configuration variable and no unknown one', () => {
    expect(Object.keys(app.environment ?? {}).sort()).toEqual(configVars);
    expect(String(app.environment?.DATABASE_URL)).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(app.environment?.MEILI_URL).toBe('http://meilisearch:7700');
    // The app derives its scoped keys from the same master key Meilisearch starts with.
    const meiliEnv = compose.services.meilisearch!.environment!;
    expect(app.environment?.MEILI_MASTER_KEY).toBe(meiliEnv.MEILI_MASTER_KEY);
  });

  test('every ${VAR} compose reads is listed in .env.example', () => {
    const used = new Set([...read('compose.yaml').matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!));
    expect([...used].filter((name) => !envExample.includes(name))).toEqual([]);
  });
});

describe('.env.example and the docs', () => {
  test('.env.example lists every variable of src/config.ts, each once', () => {
    expect(configVars.filter((name) => !envExample.includes(name))).toEqual([]);
    expect(new Set(envExample).size).toBe(envExample.length);
  });

  test('the README and docs/deployment.md name the variables, the port, the health path and the commands', () => {
    for (const name of configVars) expect(`${readme}\n${deploymentDoc}`, name).toContain(name);
    expect(readme).toContain('npm start');
    // Table cells may be padded (Prettier aligns Markdown tables).
    expect(readme).toMatch(new RegExp(`\\|\\s*\`PORT\`\\s*\\|\\s*\`${defaults.PORT}\``));
    expect(readme).toContain('`/health`');
    for (const text of [
      'npm run build',
      'node dist/index.js',
      'docker compose up',
      '/health',
      'npm run backup',
      'npm run restore',
    ]) {
      expect(deploymentDoc, text).toContain(text);
    }
  });

  test('the licence is declared in package.json and the LICENSE file', () => {
    expect(pkg.license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License/);
  });
});
