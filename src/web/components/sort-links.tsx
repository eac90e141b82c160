/** "排序：最新发布 · 预算从高到低 …" as links that keep the other filters in the URL. */
import { withQuery } from './pager.js';

export function SortLinks({
  url,
  current,
  options,
}: {
  url: string;
  current: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <nav class="sort-links" aria-label="排序">
      <span>排序：</span>
      <ul>
        {options.map((o) => (
          <li>
            {o.value === current ? (
              <strong aria-current="true">{o.label}</strong>
            ) : (
              <a href={withQuery(url, { sort: o.value || undefined, offset: undefined, cursor: undefined })}>
                {o.label}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
