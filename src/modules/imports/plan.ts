/**
 * The dry run: finds the header row, reads every row through the target's columns and the
 * resource's own schema, looks up what each natural key already names, and gives each row its
 * fate — created, updated, unchanged, or rejected with the column, the field and the reason.
 * `decide` is the same judgement the run makes again, inside its transaction, when it writes.
 */
import type { z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database, RowError, RowFate } from '../../db/tables.js';
import { replaceUnsafe, unsafeChar, unsafeCharMessage } from '../../http/common-fields.js';
import { ApiError } from '../../http/errors.js';
import { cellText } from './cells.js';
import { YIELD_EVERY, yieldToEventLoop } from './yield.js';
import type { Sheet } from './read-sheet.js';
import { type Column, type Existing, type ImportTarget, type Lookup, matchHeaders } from './target.js';

/** Header rows are looked for among the first rows: sheets often open with a title line. */
const HEADER_SCAN = 10;
export const MAX_ROWS = 100_000;
const LOOKUP_CHUNK = 500;

export interface ReadRow {
  rowNo: number;
  /** The row as written, by the file's header. */
  cells: Record<string, unknown>;
  input: Record<string, unknown> | null;
  errors: RowError[];
}

export interface PlannedRow extends ReadRow {
  key: string | null;
  planned: RowFate;
}

export interface ReadResult {
  /** Recognised headers in file order, with their fields. */
  columns: { header: string; field: string }[];
  ignored: string[];
  rows: ReadRow[];
}

/** The create schema with every field optional except the required columns: what any row must pass. */
function rowSchema(target: ImportTarget) {
  const required = Object.fromEntries(target.columns.filter((c) => c.required).map((c) => [c.field, true as const]));
  return target.schema.partial().required(required as never);
}

/** zod issues as row errors; a missing value says which column is empty rather than zod's type message. */
function issuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  input: Record<string, unknown>,
  columnOf: (field: string | null) => string | null,
  known: RowError[] = [],
): RowError[] {
  const errors: RowError[] = [];
  for (const issue of issues) {
    const field = issue.path.length ? String(issue.path[0]) : null;
    if (field && known.some((e) => e.field === field)) continue; // the cell's own message already says it
    const column = columnOf(field);
    const message =
      field && input[field] === undefined && issue.code === 'invalid_type' ? `“${column}”不能为空` : issue.message;
    errors.push({ column, field, message });
  }
  return errors;
}

/** Reads every row (yielding every few hundred rows: a large file takes a noticeable time to check). */
export async function readRows(target: ImportTarget, sheet: Sheet, today: string): Promise<ReadResult> {
  const schema = rowSchema(target);
  const required = target.columns.filter((c) => c.required);
  // A header row names every required column, or at least two known ones (then the missing ones are reported).
  const isHeader = (cells: unknown[]) => {
    const found = new Set(
      matchHeaders(
        target,
        cells.map((c) => (c === null || c === undefined ? '' : cellText(c))),
      ).matched.values(),
    );
    return found.size >= 2 || required.every((c) => found.has(c));
  };
  const headerAt = sheet.rows.slice(0, HEADER_SCAN).findIndex((r) => isHeader(r.cells));
  if (headerAt < 0) {
    const examples = target.columns
      .filter((c) => c.required)
      .map((c) => `“${c.headers[0]}”`)
      .join('、');
    throw new ApiError(
      'validation_failed',
      `未找到表头：前 ${HEADER_SCAN} 行中没有可识别的${target.label}列名（如 ${examples}）`,
      [{ path: 'file', message: '未找到表头行' }],
    );
  }
  // A header is shown back and stored with the job; a disallowed character in it becomes U+FFFD.
  const headers = sheet.rows[headerAt]!.cells.map((c) =>
    c === null || c === undefined ? '' : replaceUnsafe(cellText(c)),
  );
  const { matched, ignored } = matchHeaders(target, headers);
  const present = new Set([...matched.values()]);
  const missing = required.filter((c) => !present.has(c));
  if (missing.length) {
    throw new ApiError(
      'validation_failed',
      `缺少必需的列：${missing.map((c) => c.headers[0]).join('、')}`,
      missing.map((c) => ({ path: `columns.${c.field}`, message: `缺少“${c.headers[0]}”列` })),
    );
  }
  const data = sheet.rows.slice(headerAt + 1);
  if (data.length > MAX_ROWS)
    throw new ApiError(
      'validation_failed',
      `单个文件最多 ${MAX_ROWS} 行，本文件有 ${data.length} 行，请拆分后分别导入`,
      [{ path: 'file', message: '行数过多' }],
    );

  const columns = [...matched].sort(([a], [b]) => a - b).map(([i, c]) => ({ header: headers[i]!, field: c.field }));
  const columnOf = columnNamer(target, columns);

  const readRow = ({ rowNo, cells }: (typeof data)[number]): ReadRow => {
    const asWritten: Record<string, unknown> = {};
    const errors: RowError[] = [];
    headers.forEach((h, i) => {
      const v = cells[i];
      if (v === null || v === undefined || String(v) === '') return;
      // The same rule as every API text field: a cell with a control character or a lone surrogate
      // rejects its row, naming the column; the row report shows the cell with U+FFFD in its place.
      const char = typeof v === 'string' ? unsafeChar(v) : undefined;
      if (char) {
        const column = h || `第 ${i + 1} 列`;
        errors.push({ column, field: matched.get(i)?.field ?? null, message: unsafeCharMessage(`“${column}”`, char) });
      }
      if (h) asWritten[h] = v instanceof Date ? cellText(v) : typeof v === 'string' && char ? replaceUnsafe(v) : v;
    });
    if (errors.length) return { rowNo, cells: asWritten, input: null, errors };
    const raw: Record<string, unknown> = {};
    for (const [i, column] of matched as Map<number, Column>) {
      const parsed = column.parse(cells[i]);
      if (!parsed) continue;
      if ('error' in parsed) errors.push({ column: headers[i]!, field: column.field, message: parsed.error });
      else raw[column.field] = parsed.value;
    }
    const result = schema.safeParse(raw);
    if (!result.success) errors.push(...issuesToErrors(result.error.issues, raw, columnOf, errors));
    if (result.success)
      for (const e of target.check(result.data, today)) errors.push({ ...e, column: e.column ?? columnOf(e.field) });
    return { rowNo, cells: asWritten, input: errors.length ? null : (result.data as Record<string, unknown>), errors };
  };
  const rows: ReadRow[] = [];
  for (let i = 0; i < data.length; i++) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    rows.push(readRow(data[i]!));
  }
  return { columns, ignored, rows };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields a row would change on an existing record, and their current values (to undo). */
export function diff(target: ImportTarget, input: Record<string, unknown>, existing: Existing) {
  const patch: Record<string, unknown> = {};
  const undo: Record<string, unknown> = {};
  for (const column of target.columns) {
    if (column.createOnly || column.reference) continue;
    const value = input[column.field];
    if (value === undefined || same(value, existing.values[column.field])) continue;
    patch[column.field] = value;
    undo[column.field] = existing.values[column.field] ?? null;
  }
  return { patch, undo };
}

export interface Decision {
  fate: RowFate;
  /** For a new record: the input as the create schema reads it (defaults applied). */
  input?: Record<string, unknown>;
  patch?: Record<string, unknown>;
  undo?: Record<string, unknown>;
  errors?: RowError[];
}

/** A row's fate against what its key found: a new record must pass the whole create schema, an existing one changes only where the row differs. */
export function decide(
  target: ImportTarget,
  input: Record<string, unknown>,
  lookup: Lookup,
  columnOf: (field: string | null) => string | null,
): Decision {
  if (lookup.errors?.length)
    return { fate: 'rejected', errors: lookup.errors.map((e) => ({ ...e, column: e.column ?? columnOf(e.field) })) };
  if (!lookup.existing) {
    const full = target.schema.safeParse(input);
    return full.success
      ? { fate: 'created', input: full.data }
      : { fate: 'rejected', errors: issuesToErrors(full.error.issues, input, columnOf) };
  }
  const { patch, undo } = diff(target, input, lookup.existing);
  return Object.keys(patch).length ? { fate: 'updated', patch, undo } : { fate: 'unchanged' };
}

/** Looks up every valid row's natural key (in chunks) and gives each row its planned fate; a key seen earlier in the file rejects the later row. */
export async function planRows(db: Kysely<Database>, target: ImportTarget, read: ReadResult): Promise<PlannedRow[]> {
  const valid = read.rows.filter((r) => r.input);
  const lookups = new Map<number, Lookup>();
  for (let i = 0; i < valid.length; i += LOOKUP_CHUNK) {
    // Lets other requests in between chunks (PGlite answers in this thread; see runner.ts).
    await yieldToEventLoop();
    const chunk = valid.slice(i, i + LOOKUP_CHUNK);
    const found = await target.lookup(
      db,
      chunk.map((r) => r.input!),
    );
    chunk.forEach((r, n) => lookups.set(r.rowNo, found[n]!));
  }
  const firstRowOfKey = new Map<string, number>();
  const columnOf = columnNamer(target, read.columns);
  const plan = (row: ReadRow): PlannedRow => {
    if (!row.input) return { ...row, key: null, planned: 'rejected' };
    const lookup = lookups.get(row.rowNo)!;
    const decision = decide(target, row.input, lookup, columnOf);
    if (decision.fate === 'rejected')
      return { ...row, input: null, key: lookup.key ?? null, planned: 'rejected', errors: decision.errors ?? [] };
    const earlier = firstRowOfKey.get(lookup.key!);
    if (earlier !== undefined) {
      return {
        ...row,
        input: null,
        key: lookup.key!,
        planned: 'rejected',
        errors: [
          {
            column: null,
            field: null,
            message: `与第 ${earlier} 行重复（${target.keyLabel}相同），以第 ${earlier} 行为准`,
          },
        ],
      };
    }
    firstRowOfKey.set(lookup.key!, row.rowNo);
    return { ...row, key: lookup.key!, planned: decision.fate };
  };
  const planned: PlannedRow[] = [];
  for (let i = 0; i < read.rows.length; i++) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    planned.push(plan(read.rows[i]!));
  }
  return planned;
}

/** The file's header for a field, or the template's when the file has no such column. */
export function columnNamer(target: ImportTarget, columns: readonly { header: string; field: string }[]) {
  return (field: string | null) =>
    field
      ? (columns.find((c) => c.field === field)?.header ??
        target.columns.find((c) => c.field === field)?.headers[0] ??
        null)
      : null;
}
