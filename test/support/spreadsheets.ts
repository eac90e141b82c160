/** Spreadsheet files for import tests, and the upload-and-wait steps through the real app. */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { expect } from 'vitest';
import { ADMIN_TOKEN, type TestApp } from './app.js';

export type Cell = string | number | Date | null;

export async function xlsxFile(rows: Cell[][], sheetName = 'Sheet1'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  for (const row of rows) ws.addRow(row.map((v) => v ?? undefined));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export function csvFile(rows: Cell[][], { bom = true } = {}): Uint8Array {
  return new TextEncoder().encode(
    (bom ? '\uFEFF' : '') +
      stringify(rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? ''))))),
  );
}

/** POSTs the file as the request body (or as multipart when `multipart`), answering the parsed JSON. */
export async function upload(
  t: TestApp,
  kind: string,
  bytes: Uint8Array,
  opts: { token?: string; multipart?: string; contentType?: string; query?: string } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? ADMIN_TOKEN}` };
  let body: FormData | Uint8Array;
  if (opts.multipart) {
    const form = new FormData();
    form.set('file', new File([bytes], opts.multipart));
    body = form;
  } else {
    body = bytes;
    headers['content-type'] = opts.contentType ?? 'text/csv';
  }
  const res = await t.app.request(`/api/v1/imports?kind=${kind}${opts.query ?? ''}`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as any };
}

/** Previews, runs and waits for the job to finish; answers the finished job. */
export async function importFile(t: TestApp, kind: string, bytes: Uint8Array) {
  const preview = await upload(t, kind, bytes);
  expect(preview.status, JSON.stringify(preview.body)).toBe(201);
  const run = await t.call('POST', `/api/v1/imports/${preview.body.id}/run`);
  expect(run.status, JSON.stringify(run.body)).toBe(202);
  await t.deps.imports.idle();
  const done = await t.call('GET', `/api/v1/imports/${preview.body.id}`);
  return { preview: preview.body, job: done.body };
}

/** Every row of a job (all pages). */
export async function jobRows(t: TestApp, id: string, query = '') {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const r = await t.call('GET', `/api/v1/imports/${id}/rows?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return items;
}
