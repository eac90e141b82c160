/**
 * A client generated from the live /openapi.json, the way an integrator would make one: types from
 * `openapi-typescript`, calls through `openapi-fetch`. The generated client is type-checked with tsc
 * and then drives the real app end to end. Also: every operation has a unique operationId.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_TOKEN, testApp, type TestApp } from '../support/app.js';

const root = path.resolve(import.meta.dirname, '../..');
// A dot directory: tsc's project globs skip it, and .gitignore keeps it out of commits.
const dir = path.join(import.meta.dirname, '.generated-client');

// The typed calls live in the generated directory, so tsc checks them against the generated types.
const CLIENT = `import createClient from 'openapi-fetch';
import type { paths } from './api.js';

export function makeClient(fetch: (req: Request) => Promise<Response>, token: string) {
  return createClient<paths>({ baseUrl: 'http://localhost', fetch, headers: { authorization: \`Bearer \${token}\` } });
}

export async function story(client: ReturnType<typeof makeClient>) {
  const created = await client.POST('/api/v1/universities', { body: { name: '生成客户端大学', kind: 'university', city: '杭州' } });
  if (!created.data) throw new Error(\`create failed: \${created.response.status}\`);
  const id: string = created.data.id;
  const read = await client.GET('/api/v1/universities/{id}', { params: { path: { id } } });
  const renamed = await client.PATCH('/api/v1/universities/{id}', {
    params: { path: { id } },
    body: { city: '宁波', version: read.data!.version },
  });
  const list = await client.GET('/api/v1/universities', { params: { query: { limit: 5, q: '生成客户端' } } });
  const missing = await client.GET('/api/v1/universities/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
  const taxonomy = await client.GET('/api/v1/taxonomy');
  return {
    id,
    city: renamed.data?.city,
    listed: list.data?.items.map((u) => u.id) ?? [],
    missing: { status: missing.response.status, type: missing.error?.type, contentType: missing.response.headers.get('content-type') },
    domains: taxonomy.data ? Object.keys(taxonomy.data).length : 0,
  };
}
`;

let t: TestApp;
let doc: { paths: Record<string, Record<string, { operationId?: string }>> };
beforeAll(async () => {
  t = await testApp();
  doc = (await (await t.app.request('/openapi.json')).json()) as typeof doc;
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the OpenAPI document, for generated clients', () => {
  test('every operation has an operationId, and no two share one', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(80);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/v1/problems']).toMatchObject({
      get: { operationId: 'listProblems' },
      post: { operationId: 'createProblem' },
    });
    expect(doc.paths['/api/v1/interests/{id}/withdraw']?.post?.operationId).toBe('withdrawInterest');
  });

  test('the old template path sends clients to the new one', async () => {
    const res = await t.call('GET', '/api/v1/imports/templates/problems?format=csv');
    expect(res.status).toBe(308);
    expect(res.headers.get('location')).toBe('/api/v1/import-templates/problems?format=csv');
  });

  test('openapi-typescript types + openapi-fetch call the real app', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'api.ts'), astToString(await openapiTS(doc as never)));
    writeFileSync(path.join(dir, 'client.ts'), CLIENT);
    // Type-check the generated types and the typed calls together (a wrong path or field fails here).
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = [
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--target',
      'ES2022',
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
    ];
    execFileSync(process.execPath, [tsc, ...args, path.join(dir, 'client.ts')], { cwd: root, stdio: 'pipe' });

    const { makeClient, story } = await import(path.join(dir, 'client.ts'));
    const result = await story(makeClient((req: Request) => t.app.request(req), ADMIN_TOKEN));
    expect(result.city).toBe('宁波');
    expect(result.listed).toContain(result.id);
    expect(result.missing).toEqual({
      status: 404,
      type: expect.any(String),
      contentType: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(result.domains).toBeGreaterThan(0);
  }, 90_000);
});
