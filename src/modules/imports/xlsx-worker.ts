/**
 * Parses an XLSX in a worker thread, so a large or hostile workbook never holds the event loop
 * that serves everyone else, and with a memory cap, so one that unpacks to more than it declared
 * ends its worker instead of the process. Answers the first non-empty sheet's rows as exceljs
 * cell values (plain data); read-sheet.ts turns them into cells.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../http/errors.js';

export interface RawRow {
  rowNo: number;
  values: unknown[];
}

/** Heap of one parse; exceljs needs about ten times the sheet's XML. */
export const WORKER_HEAP_MB = 1024;
/** A parse taking longer than this is given up. */
export const WORKER_TIMEOUT_MS = 120_000;

// Plain JavaScript evaluated as the worker's script: it runs the same way under tsx, vitest and a
// build in dist/, with exceljs resolved from this module.
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const ExcelJS = require(workerData.exceljs);
(async () => {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(workerData.bytes);
  } catch {
    parentPort.postMessage({ unreadable: true });
    return;
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  const rows = [];
  if (sheet) sheet.eachRow({ includeEmpty: false }, (row, rowNo) => rows.push({ rowNo, values: row.values.slice(1) }));
  parentPort.postMessage({ rows });
})();
`;

const EXCELJS = createRequire(import.meta.url).resolve('exceljs');

const unreadable = () =>
  new ApiError('invalid_request', '无法读取该 XLSX 文件，文件可能已损坏', [
    { path: 'file', message: '不是有效的 XLSX 文件' },
  ]);
const tooBig = (why: string) =>
  new ApiError('payload_too_large', `XLSX 文件${why}，请删除无关的工作表和空白格式，或拆分为多个文件后分别导入`, [
    { path: 'file', message: `文件${why}` },
  ]);

export function parseXlsxInWorker(bytes: Uint8Array): Promise<RawRow[]> {
  const copy = new Uint8Array(bytes); // its own buffer, handed over to the worker
  return new Promise((resolve, reject) => {
    const worker = new Worker(SCRIPT, {
      eval: true,
      workerData: { exceljs: EXCELJS, bytes: copy },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(tooBig(`解析超过 ${WORKER_TIMEOUT_MS / 1000} 秒`))),
      WORKER_TIMEOUT_MS,
    );
    worker.once('message', (m: { rows?: RawRow[]; unreadable?: boolean }) =>
      settle(() => (m.rows ? resolve(m.rows) : reject(unreadable()))),
    );
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooBig(`解析所需内存超过 ${WORKER_HEAP_MB} MB`) : unreadable(),
        ),
      ),
    );
    worker.once('exit', () => settle(() => reject(unreadable())));
  });
}
