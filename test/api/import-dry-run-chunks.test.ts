/**
 * The dry run writes its rows in chunks with yields between (issue 12, defect 6): a job still being
 * written (`preparing`) is neither shown nor run, a stopped process's half-written one is swept, and
 * a CSV read chunk by chunk keeps characters outside the BMP that straddle a chunk's edge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { makeCreditCode } from '../support/fixtures.js';
import { CSV_CHUNK } from '../../src/modules/imports/read-sheet.js';
import { csvFile, jobRows, upload } from '../support/spreadsheets.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

async function preparingJob(createdAt: Date) {
  return t.deps.db
    .insertInto('importJobs')
    .values({
      kind: 'enterprises',
      fileName: '写了一半.csv',
      format: 'csv',
      status: 'preparing',
      columns: '[]',
      ignoredColumns: '[]',
      totalRows: 1,
      planned: JSON.stringify({ created: 1, updated: 0, unchanged: 0, rejected: 0 }),
      createdBy: null,
      createdByName: '测试',
      error: null,
      startedAt: null,
      finishedAt: null,
      createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

describe('dry run in chunks', () => {
  it('hides a job whose rows are still being written, and sweeps one a stopped process left', async () => {
    const fresh = await preparingJob(new Date());
    expect((await t.call('GET', `/api/v1/imports/${fresh.id}`)).status).toBe(404);
    expect((await t.call('POST', `/api/v1/imports/${fresh.id}/run`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/imports/${fresh.id}`)).status).toBe(404);
    const list = await t.call('GET', '/api/v1/imports?limit=100');
    expect(list.body.items.map((j: { id: string }) => j.id)).not.toContain(fresh.id);

    const stale = await preparingJob(new Date(Date.now() - 2 * 3_600_000));
    const r = await upload(
      t,
      'enterprises',
      csvFile([
        ['企业名称', '统一社会信用代码'],
        ['清扫测试有限公司', makeCreditCode()],
      ]),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const left = await t.deps.db.selectFrom('importJobs').select('id').where('status', '=', 'preparing').execute();
    expect(left.map((j) => j.id)).toEqual([fresh.id]); // the stale one is gone, the fresh one (in progress) stays
    expect(left.map((j) => j.id)).not.toContain(stale.id);
  });

  it('reads a CSV chunk by chunk without splitting a character outside the BMP at a chunk edge', async () => {
    let text = '企业名称,统一社会信用代码\n';
    const names: string[] = [];
    const add = (name: string) => {
      names.push(name);
      text += `${name},${makeCreditCode()}\n`;
    };
    while (text.length < CSV_CHUNK - 100) add(`填充企业${names.length}号有限公司`);
    // The next name's 4-byte character (a surrogate pair in JavaScript) straddles the first chunk's edge.
    const pad = CSV_CHUNK - 1 - text.length;
    add(`${'跨'.repeat(pad)}𠀀企业有限公司`);
    expect(text.codePointAt(CSV_CHUNK - 1)).toBe(0x20000);
    add('𪚥最后一家有限公司');
    const r = await upload(t, 'enterprises', new TextEncoder().encode(text));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ total: names.length, planned: { created: names.length, rejected: 0 } });
    const rows = await jobRows(t, r.body.id);
    expect(rows.map((row) => row.cells['企业名称'])).toEqual(names);
  });
});
