/**
 * The downloadable sheets of an import, shared by the API and the 导入 page: the row report (row
 * number, planned and actual fate, reasons, then the original columns — all rows, or only the
 * rejected ones to fix and upload again) and the header-only template of each target.
 */
import type { Kysely } from 'kysely';
import type { Database, ImportJob, ImportKind, RowError } from '../../db/tables.js';
import type { Sheet } from '../../http/files.js';
import { rowsAfter } from './repository.js';
import { FATE_LABELS, KIND_LABELS } from './schemas.js';
import { TARGETS } from './targets/index.js';

const REPORT_PAGE = 1000;
const cellOut = (v: unknown) => (v === undefined || v === null ? null : typeof v === 'number' ? v : String(v));

/** A row's reasons in one cell: "列名：原因；…". */
export const reasonsText = (errors: readonly RowError[]) =>
  errors.map((e) => (e.column ? `${e.column}：${e.message}` : e.message)).join('；');

export function rowReportSheet(db: Kysely<Database>, job: ImportJob, opts: { rejectedOnly?: boolean } = {}): Sheet {
  const original = [...job.columns.map((col) => col.header), ...job.ignoredColumns];
  async function* rows() {
    for (let after = 0; ;) {
      const page = await rowsAfter(db, job.id, after, REPORT_PAGE, opts.rejectedOnly ? 'rejected' : undefined);
      for (const r of page) {
        yield [
          r.rowNo,
          FATE_LABELS[r.planned],
          r.fate ? FATE_LABELS[r.fate] : null,
          reasonsText(r.errors) || null,
          ...original.map((h) => cellOut(r.cells[h])),
        ];
      }
      if (page.length < REPORT_PAGE) return;
      after = page.at(-1)!.rowNo;
    }
  }
  return {
    name: opts.rejectedOnly ? '被拒绝的行' : '逐行结果',
    headers: ['行号', '预检结果', '导入结果', '原因', ...original],
    rows: rows(),
  };
}

/** The download's name: the uploaded file's name without its extension, and what it holds. */
export const rowReportName = (job: ImportJob, opts: { rejectedOnly?: boolean } = {}) =>
  `${job.fileName.replace(/\.(xlsx|csv)$/i, '')}_${opts.rejectedOnly ? '被拒绝的行' : '逐行结果'}`;

/** A blank template: the recommended Chinese header of every column. */
export const templateSheet = (kind: ImportKind): Sheet => ({
  name: KIND_LABELS[kind],
  headers: TARGETS[kind].columns.map((col) => col.headers[0]!),
  rows: [],
});

export const templateName = (kind: ImportKind, today: string) =>
  `${KIND_LABELS[kind].replace('/', '')}导入模板_${today}`;
