/**
 * What an uploaded XLSX would unpack to, read from the zip's central directory before anything is
 * inflated: a 250 KB file can carry 6 million shared strings (100 MB of XML) and used to stall the
 * whole server while exceljs built them. A file over these bounds is refused with a 413 saying
 * which bound and how to fix it; the declared sizes are checked again by the worker's memory cap
 * (read-sheet.ts), since a hostile zip may lie about them.
 */
import { createInflateRaw } from 'node:zlib';
import { ApiError } from '../../http/errors.js';

export const XLSX_LIMITS = {
  /** Files in the zip; a workbook has a few dozen. */
  entries: 1_000,
  /** Everything unpacked. */
  totalBytes: 256 * 1024 * 1024,
  /** One worksheet's XML: 100,000 rows of twenty short cells fit. */
  sheetBytes: 200 * 1024 * 1024,
  /** xl/sharedStrings.xml. */
  sharedStringsBytes: 64 * 1024 * 1024,
  /** Distinct strings the workbook declares (`uniqueCount`); 100,000 rows × 10 text columns fit. */
  sharedStrings: 1_000_000,
};

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const unreadable = () =>
  new ApiError('invalid_request', '无法读取该 XLSX 文件，文件可能已损坏', [
    { path: 'file', message: '不是有效的 XLSX 文件' },
  ]);
const tooLarge = (detail: string) =>
  new ApiError('payload_too_large', `${detail}。请删除无关的工作表和空白格式，或拆分为多个文件后分别导入`, [
    { path: 'file', message: detail },
  ]);
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** The entries of the zip's central directory (no inflating). */
export function zipEntries(bytes: Uint8Array): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: 22 bytes plus a comment of up to 65,535, at the end of the file.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unreadable();
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  // ZIP64 markers: no workbook within our limits needs them.
  if (count === 0xffff || offset === 0xffffffff) throw tooLarge('XLSX 文件结构过大（ZIP64）');
  if (count > XLSX_LIMITS.entries) throw tooLarge(`XLSX 文件内含 ${count} 个部件，超过上限 ${XLSX_LIMITS.entries}`);
  if (offset + size > bytes.length) throw unreadable();
  const decoder = new TextDecoder();
  const entries: Entry[] = [];
  for (let p = offset, n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw unreadable();
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    entries.push({
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The first bytes of an entry, inflated (enough to read the root element's attributes). */
async function head(bytes: Uint8Array, entry: Entry, max = 4096): Promise<string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw unreadable();
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const data = bytes.subarray(start, Math.min(bytes.length, start + Math.min(entry.compressedSize, 64 * 1024)));
  if (entry.method === 0) return new TextDecoder().decode(data.subarray(0, max));
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    let out = '';
    const finish = () => {
      inflate.removeAllListeners('data');
      inflate.destroy();
      resolve(out);
    };
    inflate.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.length >= max) finish();
    });
    inflate.on('error', finish);
    inflate.on('end', finish);
    inflate.end(data);
  });
}

/** Throws a 413 (or a 400 for a broken zip) when the workbook would unpack beyond `XLSX_LIMITS`. */
export async function checkXlsxBounds(bytes: Uint8Array): Promise<void> {
  const entries = zipEntries(bytes);
  const total = entries.reduce((sum, e) => sum + e.size, 0);
  if (total > XLSX_LIMITS.totalBytes)
    throw tooLarge(`XLSX 文件解压后约 ${mb(total)}，超过上限 ${mb(XLSX_LIMITS.totalBytes)}`);
  for (const e of entries) {
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name) && e.size > XLSX_LIMITS.sheetBytes) {
      throw tooLarge(`工作表 ${e.name} 解压后约 ${mb(e.size)}，超过上限 ${mb(XLSX_LIMITS.sheetBytes)}`);
    }
  }
  const strings = entries.find((e) => e.name === 'xl/sharedStrings.xml');
  if (!strings) return;
  if (strings.size > XLSX_LIMITS.sharedStringsBytes)
    throw tooLarge(`共享字符串表解压后约 ${mb(strings.size)}，超过上限 ${mb(XLSX_LIMITS.sharedStringsBytes)}`);
  const declared = /<sst\b[^>]*?\b(?:uniqueCount|count)="(\d+)"/.exec(await head(bytes, strings));
  if (declared && Number(declared[1]) > XLSX_LIMITS.sharedStrings) {
    throw tooLarge(`共享字符串表声明了 ${Number(declared[1])} 个字符串，超过上限 ${XLSX_LIMITS.sharedStrings}`);
  }
}
