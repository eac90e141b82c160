/**
 * One read-only bureau list page, shared by 名录, 合作协议 and 共建研发中心: the API's own list query
 * parses the URL (so the page accepts the API's filters), the module's service reads the records for
 * the signed-in actor, column headers sort through links, the list says how many, an empty list says
 * what to do next. A malformed hand-edited filter shows the whole list rather than an error page.
 */
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { z } from 'zod';
import type { Actor } from '../../auth/actor.js';
import type { Page } from '../../db/pagination.js';
import { type Column, EmptyState, Form, cursorLinks, Pager, Table, withQuery } from '../components/index.js';
import type { WebEnv } from '../env.js';

/** A GET filter shown as a select (value '' = all). */
export interface SelectFilter {
  name: string;
  label: string;
  options: Record<string, string>;
}

export interface ListPage<T> {
  path: string;
  title: string;
  query: z.ZodType;
  list: (actor: Actor, input: never) => Promise<Page<T>>;
  columns: Column<T>[];
  /** Column label → the API's sort field; the first one is the default sort's field. */
  sortable: Record<string, string>;
  /** The list's default sort as the API spells it (e.g. 'name', '-signedOn'). */
  defaultSort: string;
  searchLabel?: string;
  /** Select filters; a function when the options come from the database (e.g. universities). */
  filters?: SelectFilter[] | (() => Promise<SelectFilter[]>);
  /** Date filters (YYYY-MM-DD), e.g. a period's 起 and 止. */
  dates?: { name: string; label: string }[];
  empty: string;
  /** The page's title when it differs from the records' name (`title`, used in the empty state). */
  pageTitle?: string;
  /** Shown above the filters (e.g. sub-page links). */
  above?: Child;
}

export const listPage = <T,>(d: ListPage<T>) => d as unknown as ListPage<unknown>;

export function mountListPage(app: Hono<WebEnv>, d: ListPage<unknown>) {
  app.get(d.path, async (c: Context<WebEnv>) => {
    const url = new URL(c.req.url);
    const path = url.pathname + url.search;
    const params = Object.fromEntries(url.searchParams);
    const parsed = d.query.safeParse(params);
    const input = parsed.success ? parsed.data : d.query.parse({});
    const shown = parsed.success ? params : {};
    const page = await d.list(c.get('actor'), input as never);
    const sort = shown.sort || d.defaultSort;
    const filters = typeof d.filters === 'function' ? await d.filters() : (d.filters ?? []);
    const columns = d.columns.map((col) => {
      const field = d.sortable[col.label];
      if (!field) return col;
      const sorted = sort === `-${field}` ? 'descending' : sort === field ? 'ascending' : undefined;
      return {
        ...col,
        sortHref: withQuery(path, { sort: sort === field ? `-${field}` : field, cursor: undefined }),
        sorted: sorted as 'ascending' | 'descending' | undefined,
      };
    });
    return c.render(
      <>
        {d.above}
        <Form action={d.path} method="get" class="filter-bar">
          {d.searchLabel ? (
            <div class="field">
              <label for="q" class="field__label">
                {d.searchLabel}
              </label>
              <input id="q" name="q" type="search" value={shown.q ?? ''} />
            </div>
          ) : null}
          {filters.map((f) => (
            <div class="field">
              <label for={`q-${f.name}`} class="field__label">
                {f.label}
              </label>
              <select id={`q-${f.name}`} name={f.name}>
                <option value="">全部</option>
                {Object.entries(f.options).map(([value, label]) => (
                  <option value={value} selected={shown[f.name] === value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          ))}
          {(d.dates ?? []).map((f) => (
            <div class="field">
              <label for={`q-${f.name}`} class="field__label">
                {f.label}
              </label>
              <input id={`q-${f.name}`} name={f.name} type="date" value={shown[f.name] ?? ''} />
            </div>
          ))}
          {shown.sort ? <input type="hidden" name="sort" value={shown.sort} /> : null}
          <div class="actions">
            <button type="submit" class="button--secondary">
              筛选
            </button>
          </div>
        </Form>
        {page.items.length ? (
          <Table caption={d.title} captionHidden rows={page.items} columns={columns} />
        ) : (
          <EmptyState title={`没有符合条件的${d.title}`}>
            <p>{d.empty}</p>
          </EmptyState>
        )}
        <Pager
          total={page.total}
          shown={page.items.length}
          {...cursorLinks(path, (input as { limit: number }).limit, page.nextCursor)}
        />
      </>,
      { title: d.pageTitle ?? d.title },
    );
  });
}
