/**
 * What an import target (enterprises, universities, labs, problems) declares: its columns with the
 * Chinese and English headers people write, the resource's own zod schema, its cross-field rules,
 * how its natural key finds existing records, and how a new record is written. The planner and
 * the runner are the same for every target.
 */
import type { Kysely } from 'kysely';
import type { z } from '@hono/zod-openapi';
import type { Database, ImportKind, RowError } from '../../db/tables.js';
import type { ChangeContext, Tx } from '../../db/changes.js';
import type { VersionedTable } from '../../db/records.js';
import type { CellParser } from './cells.js';

export interface Column {
  field: string;
  /** Chinese headers accepted; the first is the template's. English: the field name in any case, with or without _ or spaces. */
  headers: readonly string[];
  parse: CellParser;
  /** Must have a column in the file (the natural key, or what a new record cannot do without). */
  required?: boolean;
  /** Read for new records only (e.g. the date a problem was collected); never changes an existing one. */
  createOnly?: boolean;
  /** Names another record (e.g. its university); resolved by `lookup`, never written as a field. */
  reference?: boolean;
}

export interface Existing {
  id: string;
  version: number;
  /** The record's current value of every importable field. */
  values: Record<string, unknown>;
}

export interface Lookup {
  /** The natural key with references resolved, e.g. "<universityId>/智能制造实验室"; absent when `errors`. */
  key?: string;
  existing?: Existing;
  /** Resolved references (e.g. `universityId`), passed to `create`. */
  refs?: Record<string, string>;
  errors?: RowError[];
}

export interface NewRow {
  input: Record<string, unknown>;
  refs: Record<string, string>;
}

export interface ImportTarget {
  kind: ImportKind;
  /** Chinese name of one record, e.g. '企业'. */
  label: string;
  /** What the natural key is, in words, for the template and the docs. */
  keyLabel: string;
  table: VersionedTable;
  entity: string;
  columns: readonly Column[];
  /** The API's create schema: a new record must pass it whole; a row updating a record needs only its required columns. */
  schema: z.ZodObject;
  /** Rules across fields the API also applies (certificate dates in order, deadline after posting). */
  check(input: Record<string, unknown>, today: string): RowError[];
  /** Finds, for a batch of valid inputs, the records their natural keys name. */
  lookup(db: Kysely<Database>, inputs: Record<string, unknown>[]): Promise<Lookup[]>;
  /** Writes a batch of new records in a few statements; answers their ids in input order. */
  create(tx: Tx, ctx: ChangeContext, rows: readonly NewRow[], now: Date): Promise<string[]>;
}

/**
 * The lookup of a target keyed by one column of its own table (an enterprise's credit code, a
 * university's name): the live records with those keys, with their importable fields.
 */
export async function lookupByColumn(
  db: Kysely<Database>,
  table: 'enterprises' | 'universities',
  key: 'creditCode' | 'name',
  fields: readonly string[],
  inputs: readonly Record<string, unknown>[],
): Promise<Lookup[]> {
  const keys = inputs.map((i) => i[key] as string);
  const rows: Record<string, unknown>[] = keys.length
    ? await (db as unknown as Kysely<any>)
        .selectFrom(table as string)
        .select(['id', 'version', ...fields])
        .where(key, 'in', keys)
        .where('deletedAt', 'is', null)
        .execute()
    : [];
  const byKey = new Map(rows.map((r) => [r[key] as string, r]));
  return keys.map((k) => {
    const row = byKey.get(k);
    return {
      key: k,
      existing: row ? { id: row.id as string, version: row.version as number, values: row } : undefined,
    };
  });
}

const normalize = (header: string) =>
  header
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/\((必填|选填|可选)\)/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
const latin = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Maps each header in the file to the column it names; headers naming nothing are returned apart. */
export function matchHeaders(target: ImportTarget, headers: readonly string[]) {
  const byName = new Map<string, Column>();
  for (const column of target.columns) {
    for (const h of column.headers) byName.set(normalize(h), column);
    byName.set(latin(column.field), column);
  }
  const matched = new Map<number, Column>();
  const ignored: string[] = [];
  headers.forEach((h, i) => {
    const column = h
      ? (byName.get(normalize(h)) ?? (/^[\x20-\x7e]+$/.test(h) ? byName.get(latin(h)) : undefined))
      : undefined;
    if (column && ![...matched.values()].includes(column)) matched.set(i, column);
    else if (h) ignored.push(h);
  });
  return { matched, ignored };
}
