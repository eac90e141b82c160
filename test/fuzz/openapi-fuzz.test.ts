/**
 * The fuzz test generated from /openapi.json (cases in ./cases.ts): every operation, every path, query
 * and body field, hostile values, on the store under test (PGlite by default, PostgreSQL when
 * DATABASE_URL is set). No answer may be a 5xx, and every 4xx must be problem+json.
 * Bounded and replayable: FUZZ_SECONDS (default 40) and FUZZ_SEED (default 20261130); FUZZ_REPORT=<file>
 * writes the statistics as JSON.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDemoUsers, loadSeeds } from '../../seeds/load.js';
import { ADMIN_TOKEN, testApp, type TestApp } from '../support/app.js';
import { storeMode } from '../support/store.js';
import { allCases, type KnownIds, type OpenApiDoc } from './cases.js';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

let t: TestApp;
let doc: OpenApiDoc;
const ids: KnownIds = {};

beforeAll(async () => {
  t = await testApp();
  await loadSeeds(t.deps);
  await createDemoUsers(t.deps);
  doc = (await (await t.app.request('/openapi.json')).json()) as OpenApiDoc;
  for (const resource of ['universities', 'labs', 'enterprises', 'problems', 'liaisons', 'users', 'imports']) {
    const res = await t.call('GET', `/api/v1/${resource}?limit=1`);
    ids[resource] = res.body?.items?.[0]?.id;
  }
}, 600_000);
afterAll(async () => t?.close());

test(
  `fuzz every operation of /openapi.json for ${SECONDS}s (seed ${SEED}, ${storeMode})`,
  async () => {
    const cases = allCases(doc, ids, ADMIN_TOKEN, SEED);
    const deadline = performance.now() + SECONDS * 1000;
    const statuses: Record<number, number> = {};
    const operations = new Set<string>();
    const failures: string[] = [];
    let sent = 0;
    for (const c of cases) {
      if (performance.now() > deadline) break;
      const res = await t.app.request(c.path, { method: c.method, headers: c.headers, body: c.body });
      const text = await res.text();
      sent++;
      operations.add(c.operationId);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const where = `${c.method} ${c.path.slice(0, 120)} [${c.label}] → ${res.status}`;
      if (res.status >= 500) failures.push(`${where}: ${text.slice(0, 200)}`);
      else if (res.status >= 400 && !res.headers.get('content-type')?.startsWith('application/problem+json')) {
        failures.push(`${where}: not problem+json (${res.headers.get('content-type')})`);
      }
    }
    const report = {
      store: storeMode,
      seed: SEED,
      seconds: SECONDS,
      cases: cases.length,
      sent,
      operations: operations.size,
      statuses,
      failures: failures.length,
    };
    console.log(`fuzz ${JSON.stringify(report)}`);
    if (process.env.FUZZ_REPORT)
      writeFileSync(process.env.FUZZ_REPORT, JSON.stringify({ ...report, failureCases: failures }, null, 2));
    expect(operations.size, 'every operation was reached').toBe(
      Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0),
    );
    expect(failures).toEqual([]);
  },
  (SECONDS + 60) * 1000,
);
