/** The app's CamelCase plugin maps result rows exactly as Kysely's own does with nested object keys kept. */
import { CamelCasePlugin, CompiledQuery, type QueryId } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/database.js';
import { freshStore } from '../support/store.js';

let store: Store;
beforeAll(async () => (store = await freshStore()));
afterAll(() => store.close());

const SQL = `select g as row_no, '{"a_b":{"c_d":[{"e_f":1}]}}'::jsonb as nested_doc, array['x', g::text] as some_list,
  array[]::int[] as empty_list, null as no_value, 12.5::numeric as amount_wan,
  '2026-01-02T03:04:05Z'::timestamptz as posted_at, 'z' as id, 1 as "already_camelCase"
  from generate_series(1, 3) g`;

describe('RowCamelCasePlugin', () => {
  it('gives the same rows as CamelCasePlugin({ maintainNestedObjectKeys: true })', async () => {
    const ours = (await store.db.executeQuery(CompiledQuery.raw(SQL))).rows as Record<string, unknown>[];
    const raw = (await store.db.withoutPlugins().executeQuery(CompiledQuery.raw(SQL))).rows;
    const stock = await new CamelCasePlugin({ maintainNestedObjectKeys: true }).transformResult({
      result: { rows: raw as Record<string, unknown>[] },
      queryId: { queryId: 'test' } as QueryId,
    });
    expect(ours).toEqual(stock.rows);
    expect(ours.map((r) => [r.rowNo, r.someList])).toEqual([
      [1, ['x', '1']],
      [2, ['x', '2']],
      [3, ['x', '3']],
    ]);
    expect(ours[0]).toMatchObject({
      nestedDoc: { a_b: { c_d: [{ e_f: 1 }] } },
      alreadyCamelCase: 1,
      emptyList: [],
      noValue: null,
      amountWan: 12.5,
      id: 'z',
    });
    expect(ours[0]!.postedAt).toBeInstanceOf(Date);
  });
});
