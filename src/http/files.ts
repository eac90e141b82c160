/**
 * File downloads: XLSX (a sheet per section, written with exceljs's streaming writer) and CSV
 * (UTF-8 with BOM so Excel reads the Chinese, formula-like text neutralised), streamed row by row from async sources, with the
 * `format` query parameter and the OpenAPI response that every download route declares.
 */
import { PassThrough, Readable } from 'node:stream';
import { z } from '@hono/zod-openapi';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

export interface Sheet {
  name: string;
  headers: string[];
  rows: AsyncIterable<Cell[]> | Iterable<Cell[]>;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** `?format=xlsx|csv` on every download route. */
export const ExportFormat = z.enum(['xlsx', 'csv'], { message: 'format 须为 xlsx 或 csv' }).default('xlsx');

/** The OpenAPI 200 response of a download route. */
export const fileResponse = (description: string) => ({
  description,
  content: { [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) }, 'text/csv': { schema: z.string() } },
});

/** `attachment` with an ASCII fallback and the Chinese name per RFC 5987. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function respond(body: PassThrough, type: string, filename: string): Response {
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: { 'content-type': type, 'content-disposition': contentDisposition(filename), 'cache-control': 'no-store' },
  });
}

/** Excel refuses sheet names with * ? : \\ / [ ] or longer than 31 characters. */
export const sheetName = (name: string) => name.replace(/[*?:\\/[\]]/g, '、').slice(0, 31);

export function xlsxResponse(sheets: Sheet[], filename: string): Response {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  void (async () => {
    for (const sheet of sheets) {
      const ws = workbook.addWorksheet(sheetName(sheet.name));
      ws.addRow(sheet.headers).commit();
      for await (const row of sheet.rows) ws.addRow(row.map((v) => v ?? '')).commit();
      ws.commit();
    }
    await workbook.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return respond(out, XLSX_TYPE, `${filename}.xlsx`);
}

/**
 * CSV formula injection (OWASP): a spreadsheet program runs a text cell that begins with = + - @,
 * tab or carriage return as a formula, so such a cell is written with a leading ' (shown as text,
 * and visible to whoever reads the file). Numbers are written as numbers: a negative amount is a
 * JS number here and stays -3; only text gets the prefix, so the text "-3" is written '-3.
 */
export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvResponse(sheet: Omit<Sheet, 'name'>, filename: string): Response {
  const out = new PassThrough();
  const csv = stringify({ bom: true });
  csv.pipe(out);
  void (async () => {
    const write = (row: unknown[]) =>
      csv.write(row) ? undefined : new Promise<void>((resolve) => csv.once('drain', resolve));
    // Headers too: an import's row report repeats the uploaded file's own column names.
    await write(sheet.headers.map(neutraliseCell));
    for await (const row of sheet.rows) await write(row.map((v) => neutraliseCell(v ?? '')));
    csv.end();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return respond(out, CSV_TYPE, `${filename}.csv`);
}
