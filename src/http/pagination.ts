/**
 * List pages: an opaque cursor (the offset, base64url) and the `limit + 1` probe for a next page.
 * Repositories select `count(*) over ()` as `total` so a page costs one query.
 */
import { ApiError } from './errors.js';

export interface PageParams {
  limit: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor?: string;
}

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new ApiError('invalid_request', '游标无效，请使用上一页返回的 nextCursor', [{ path: 'query.cursor', message: '游标无效' }]);
  return Number(m[1]);
}

export const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`, 'utf8').toString('base64url');

/** Rows fetched with `limit + 1` and a `total` window column, mapped to a page. */
export function toPage<R extends { total: unknown }, T>(rows: R[], params: PageParams, offset: number, map: (row: R) => T, countIfEmpty = 0): Page<T> {
  const hasMore = rows.length > params.limit;
  const pageRows = hasMore ? rows.slice(0, params.limit) : rows;
  const total = pageRows.length ? Number(pageRows[0]!.total) : countIfEmpty;
  return {
    items: pageRows.map(map),
    total,
    ...(hasMore ? { nextCursor: encodeCursor(offset + params.limit) } : {}),
  };
}
