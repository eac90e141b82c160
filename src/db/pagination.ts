/**
 * List pages: an opaque cursor (the offset and the total counted for the first page, signed with
 * the installation's cursor key) and the `limit + 1` probe for a next page. `withTotal` runs a page
 * and counts the matches only when neither the page nor the cursor tells the total — so paging on
 * costs one query a page. The signature is what lets a later page trust the total it carries: a
 * cursor the server did not issue (edited, forged, or from another installation) is a 400.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type SelectQueryBuilder, sql } from 'kysely';
import { ApiError } from '../http/errors.js';

export interface PageParams {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor?: string;
}

interface Cursor {
  offset: number;
  /** The total counted when the first page was read; later pages reuse it. */
  total?: number;
}

/**
 * The key cursors are signed with. Until `useCursorKey` is called (the runtime does at start, with
 * the key every process on the database shares) a random key of this process signs them.
 */
let cursorKey: Buffer = randomBytes(32);

/**
 * Signatures already computed, by payload: a client paging through a list presents the cursors the
 * server just signed, and a list page both checks one cursor and signs the next. Only a payload's own
 * signature under the current key is kept, so a lookup says no more than computing it would.
 */
const signatures = new Map<string, Buffer>();
const MAX_SIGNATURES = 4096;

export function useCursorKey(key: Buffer): void {
  cursorKey = key;
  signatures.clear();
}

function sign(payload: string): Buffer {
  let mac = signatures.get(payload);
  if (!mac) {
    mac = createHmac('sha256', cursorKey).update(payload).digest().subarray(0, 16);
    if (signatures.size >= MAX_SIGNATURES) signatures.delete(signatures.keys().next().value!);
    signatures.set(payload, mac);
  }
  return mac;
}

const INVALID = () =>
  new ApiError('invalid_request', '游标无效，请使用上一页返回的 nextCursor', [
    { path: 'query.cursor', message: '游标无效' },
  ]);

function parseCursor(cursor: string | undefined): Cursor {
  if (!cursor) return { offset: 0 };
  const [body, mac, extra] = cursor.split('.');
  if (!body || !mac || extra !== undefined) throw INVALID();
  const payload = Buffer.from(body, 'base64url').toString('utf8');
  // The form first: only short, well-formed payloads are signed (and their signatures kept).
  const m = /^o:(\d{1,9})(?::t:(\d{1,9}))?$/.exec(payload);
  if (!m) throw INVALID();
  const given = Buffer.from(mac, 'base64url');
  const expected = sign(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw INVALID();
  return { offset: Number(m[1]), ...(m[2] !== undefined ? { total: Number(m[2]) } : {}) };
}

export const decodeCursor = (cursor: string | undefined): number => parseCursor(cursor).offset;

export function encodeCursor(offset: number, total?: number): string {
  const payload = `o:${offset}${total !== undefined ? `:t:${total}` : ''}`;
  return `${Buffer.from(payload, 'utf8').toString('base64url')}.${sign(payload).toString('base64url')}`;
}

/**
 * The cursor of the page before the one `cursor` opens, for a "上一页" link: undefined on the first
 * page (no cursor), '' when the previous page is the first (no cursor needed), else a signed cursor
 * `limit` rows back that keeps the total the current one carries.
 */
export function previousCursor(cursor: string | undefined, limit: number): string | undefined {
  if (!cursor) return undefined;
  const { offset, total } = parseCursor(cursor);
  const prev = offset - limit;
  return prev > 0 ? encodeCursor(prev, total) : '';
}

/** Rows fetched with `limit + 1` and a `total` window column, mapped to a page. */
export function toPage<R extends { total: unknown }, T>(
  rows: R[],
  params: PageParams,
  offset: number,
  map: (row: R) => T,
  countIfEmpty = 0,
): Page<T> {
  const hasMore = rows.length > params.limit;
  const pageRows = hasMore ? rows.slice(0, params.limit) : rows;
  const total = pageRows.length ? Number(pageRows[0]!.total) : countIfEmpty;
  return {
    items: pageRows.map(map),
    total,
    ...(hasMore ? { nextCursor: encodeCursor(offset + params.limit, total) } : {}),
  };
}

/**
 * Runs one page of a filtered list (`page`: ordered, `limit + 1` rows from `offset`) and attaches the
 * total. A short page tells the total by itself; otherwise it is counted over the same filters
 * (`filtered`, before ordering; or a function that builds it, called only then). A `count(*) over ()` window would instead make PostgreSQL join and
 * sort every matching row to return twenty.
 */
export async function withTotal<R>(
  filtered: SelectQueryBuilder<any, any, any> | (() => SelectQueryBuilder<any, any, any>),
  page: { execute(): Promise<R[]> },
  limit: number,
  offset: number,
  cursor?: string,
): Promise<(R & { total: number })[]> {
  const rows = await page.execute();
  const known = parseCursor(cursor).total;
  let total: number;
  if (rows.length > 0 && rows.length <= limit) total = offset + rows.length;
  else if (rows.length === 0 && offset === 0) total = 0;
  else if (known !== undefined) total = Math.max(known, offset + rows.length);
  else {
    const counted = await (typeof filtered === 'function' ? filtered() : filtered)
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirst();
    total = Number((counted as { n?: number } | undefined)?.n ?? 0);
  }
  // The rows are this read's own: the total goes on them rather than on copies.
  for (const r of rows) (r as R & { total: number }).total = total;
  return rows as (R & { total: number })[];
}

/** `sort=field` or `sort=-field` (the query schemas' `sortParam`) as a column and a direction. */
export function parseSort<F extends string>(sort: F | `-${F}`): { field: F; direction: 'asc' | 'desc' } {
  return sort.startsWith('-')
    ? { field: sort.slice(1) as F, direction: 'desc' }
    : { field: sort as F, direction: 'asc' };
}

/**
 * One page of a filtered list. `filtered` holds the filters only; `ordered` selects and orders it.
 * The rows carry the `total`; `toPage` then maps them to `{items, total, nextCursor}`.
 */
export async function pageOf<F extends SelectQueryBuilder<any, any, any>, O>(
  filtered: F,
  ordered: (q: F) => SelectQueryBuilder<any, any, O>,
  params: PageParams,
): Promise<{ rows: (O & { total: number })[]; offset: number }> {
  const offset = decodeCursor(params.cursor);
  const page = ordered(filtered)
    .limit(params.limit + 1)
    .offset(offset);
  const rows = await withTotal<O>(filtered, page, params.limit, offset, params.cursor);
  return { rows, offset };
}
