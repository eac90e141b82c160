/**
 * An uploaded spreadsheet as rows of cells: XLSX (the first sheet with data) or CSV in UTF-8
 * (with or without BOM) or GB18030, which is what Excel on a Chinese Windows saves. Rows keep the
 * number Excel shows, so a rejected row can be found in the file.
 */
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { ApiError } from '../../http/errors.js';
import { checkXlsxBounds } from './xlsx-bounds.js';
import { parseXlsxInWorker } from './xlsx-worker.js';
import { yieldToEventLoop } from './yield.js';

export type Format = 'xlsx' | 'csv';

export interface SheetRow {
  rowNo: number;
  cells: unknown[];
}

export interface Sheet {
  format: Format;
  rows: SheetRow[];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export function formatOf(bytes: Uint8Array): Format {
  if (startsWith(bytes, OLE))
    throw new ApiError(
      'unsupported_media_type',
      '不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV 后上传',
    );
  return startsWith(bytes, ZIP) ? 'xlsx' : 'csv';
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** What exceljs hands back for a cell (rich text, formulas, hyperlinks, errors) as a plain value. */
function plain(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return plain((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('hyperlink' in value) return (value as ExcelJS.CellHyperlinkValue).text;
  if ('error' in value) return null;
  return String(value);
}

/** Bounds read from the zip first; then exceljs in a worker thread (xlsx-worker.ts). */
async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  await checkXlsxBounds(bytes);
  const rows = await parseXlsxInWorker(bytes);
  return rows.map(({ rowNo, values }) => ({ rowNo, cells: Array.from(values, (v) => plain(v as ExcelJS.CellValue)) }));
}

/** Characters handed to the CSV parser at a time, with a yield between (about 10 ms of parsing each). */
export const CSV_CHUNK = 16 * 1024;
const CSV_OPTIONS = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: false,
  delimiter: [',', '\t'],
};

/** Parses in chunks, letting other requests in between: a 20,000-row file takes a few hundred ms. */
async function parseCsv(text: string): Promise<string[][]> {
  const parser = parse(CSV_OPTIONS);
  const records: string[][] = [];
  let failure: unknown;
  parser.on('readable', () => {
    for (let r: string[] | null; (r = parser.read() as string[] | null) !== null;) records.push(r);
  });
  parser.on('error', (err) => (failure ??= err));
  const ended = new Promise<void>((resolve) => parser.once('end', resolve).once('error', () => resolve()));
  for (let i = 0; i < text.length && !failure;) {
    let end = Math.min(i + CSV_CHUNK, text.length);
    // Never split a surrogate pair between two chunks.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
    parser.write(text.slice(i, end));
    i = end;
    await yieldToEventLoop();
  }
  parser.end();
  await ended;
  if (failure) throw failure;
  return records;
}

/**
 * csv-parse's error in words the bureau reads (the detail is shown beside the file field). With the
 * options above, a quote opened and never closed is the one it still refuses; `lines` is where it opened.
 */
function csvErrorMessage(err: unknown): string {
  const { code, lines } = (err ?? {}) as { code?: string; lines?: number };
  const where = typeof lines === 'number' && lines > 0 ? `第 ${lines} 行` : '';
  if (code === 'CSV_QUOTE_NOT_CLOSED')
    return `无法解析 CSV：${where || '文件中'}的双引号没有闭合（其后的内容都会被读成一个单元格），请检查后重新上传`;
  return `无法解析 CSV：${where ? `${where}附近` : ''}格式有误，请在 Excel 中另存为 CSV（UTF-8）后重新上传`;
}

async function readCsv(bytes: Uint8Array): Promise<SheetRow[]> {
  let records: string[][];
  try {
    records = await parseCsv(decodeText(bytes));
  } catch (err) {
    throw new ApiError('invalid_request', csvErrorMessage(err), [{ path: 'file', message: 'CSV 格式有误' }]);
  }
  return records.map((cells, i) => ({ rowNo: i + 1, cells }));
}

export async function readSheet(bytes: Uint8Array): Promise<Sheet> {
  const format = formatOf(bytes);
  const rows = format === 'xlsx' ? await readXlsx(bytes) : await readCsv(bytes);
  return {
    format,
    rows: rows.filter((r) => r.cells.some((c) => c !== null && c !== undefined && String(c).trim() !== '')),
  };
}
