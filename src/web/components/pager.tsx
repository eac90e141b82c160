/** "共 N 条" and links to the previous and next pages; list pages keep their filters in the query string. */
import { previousCursor } from '../../db/pagination.js';

export function Pager({
  total,
  shown,
  nextHref,
  prevHref,
}: {
  total: number;
  shown: number;
  nextHref?: string;
  prevHref?: string;
}) {
  return (
    <nav class="pager" aria-label="分页">
      <p class="pager__count">
        共 {total} 条{shown < total ? `，本页 ${shown} 条` : ''}
      </p>
      <ul>
        {prevHref ? (
          <li>
            <a href={prevHref} rel="prev">
              上一页
            </a>
          </li>
        ) : null}
        {nextHref ? (
          <li>
            <a href={nextHref} rel="next">
              下一页
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** The current URL with some query parameters replaced (undefined removes one). */
export function withQuery(url: string, changes: Record<string, string | number | undefined>): string {
  const u = new URL(url, 'http://x');
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') u.searchParams.delete(k);
    else u.searchParams.set(k, String(v));
  }
  const q = u.searchParams.toString();
  return `${u.pathname}${q ? `?${q}` : ''}`;
}

/**
 * The pager's links on a cursor-paged list: the next page from the list's `nextCursor`, the previous
 * one `limit` rows back from the cursor in `url` (the first page drops the cursor). Filters and sort
 * in `url` are kept.
 */
export function cursorLinks(
  url: string,
  limit: number,
  nextCursor: string | undefined,
): { nextHref?: string; prevHref?: string } {
  const cursor = new URL(url, 'http://x').searchParams.get('cursor') || undefined;
  const prev = previousCursor(cursor, limit);
  return {
    nextHref: nextCursor ? withQuery(url, { cursor: nextCursor }) : undefined,
    prevHref: prev === undefined ? undefined : withQuery(url, { cursor: prev || undefined }),
  };
}
