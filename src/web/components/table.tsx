/** A dense data table with a caption; headers can be sort links (filters and sort live in the URL). */
import type { Child } from 'hono/jsx';

export interface Column<T> {
  label: string;
  cell: (row: T) => Child;
  /** Numbers align right. */
  numeric?: boolean;
  /** A link that sorts by this column, and whether it is the current sort. */
  sortHref?: string;
  sorted?: 'ascending' | 'descending';
}

export function Table<T>({
  caption,
  columns,
  rows,
  captionHidden,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  captionHidden?: boolean;
}) {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((col) => (
              <th scope="col" class={col.numeric ? 'num' : undefined} aria-sort={col.sorted}>
                {col.sortHref ? <a href={col.sortHref}>{col.label}</a> : col.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {columns.map((col) => (
                <td class={col.numeric ? 'num' : undefined} data-label={col.label}>
                  {col.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
