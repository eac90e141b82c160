/**
 * The fast `timestamptz` and `text[]` parsers give what pg's own give, on text the database itself
 * writes: timestamps in several time zones (half-hour offsets, a historical offset with seconds,
 * years outside 1000–9999, BC, infinity) and arrays with every character PostgreSQL quotes or escapes.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/database.js';
import { parseTextArray, parseTimestamptz } from '../../src/db/type-parsers.js';
import { freshStore } from '../support/store.js';

const stockTimestamptz = pg.types.getTypeParser(1184 as never, 'text') as (s: string) => unknown;
const stockTextArray = pg.types.getTypeParser(1009 as never, 'text') as (s: string) => unknown;

let store: Store;
beforeAll(async () => (store = await freshStore()));
afterAll(() => store.close());

/** The rows' first column as the database writes it, in time zone `zone` (one connection throughout). */
const asText = (zone: string, query: string) =>
  store.db.transaction().execute(async (tx) => {
    await sql.raw(`set local time zone '${zone}'`).execute(tx);
    return (await sql.raw<{ t: string | null }>(query).execute(tx)).rows.map((r) => r.t!);
  });

const ZONES = ['UTC', 'Asia/Shanghai', 'Asia/Kolkata', 'America/St_Johns', 'America/New_York', 'Asia/Kathmandu'];

describe('parseTimestamptz', () => {
  it.each(ZONES)('reads what PostgreSQL writes in %s as pg does', async (zone) => {
    const texts = await asText(
      zone,
      `select t::text as t from (
         select timestamptz '2020-01-01 00:00:00.000001+00' + g * interval '37 days 3 hours 17 minutes 13.123457 seconds' as t
           from generate_series(0, 150) g
         union all select timestamptz '2026-11-30 12:00:00+00' + g * interval '1 millisecond' from generate_series(0, 20) g
         union all select unnest(array['1900-01-01 00:00:00+00', '1000-01-01 00:00:00+00', '0044-03-15 12:00:00+00',
           '0001-01-01 00:00:00+00 BC', '12026-01-01 00:00:00+00', 'infinity', '-infinity', '2024-02-29 23:59:59.999999+00',
           '1969-12-31 23:59:59.5+00']::timestamptz[])
       ) x`,
    );
    expect(texts.length).toBe(181);
    expect(texts.some((t) => /[+-]\d\d:\d\d$/.test(t)) || !['Asia/Kolkata', 'America/St_Johns'].includes(zone)).toBe(
      true,
    );
    for (const text of texts) {
      const ours = parseTimestamptz(text);
      const stock = stockTimestamptz(text);
      expect(ours instanceof Date ? ours.getTime() : ours, text).toEqual(
        stock instanceof Date ? stock.getTime() : stock,
      );
      expect(typeof ours, text).toBe(typeof stock);
    }
  });
});

describe('parseTextArray', () => {
  it('reads what PostgreSQL writes as pg does', async () => {
    const elements = [
      '',
      'a',
      'a b',
      'a,b',
      '"q"',
      'back\\slash',
      'NULL',
      'null',
      '{x}',
      '机器视觉',
      ' lead',
      'trail ',
      'x"y\\z',
      'AOI',
      '5G通信',
      'tab\tnewline\n',
    ];
    const texts = await asText(
      'UTC',
      `select a::text as t from (values
         (array[]::text[]),
         (array[null]::text[]),
         (array[${elements.map((e) => `'${e.replace(/'/g, "''")}'`).join(', ')}]::text[]),
         (array['advanced_manufacturing', null, 'x']::text[]),
         (array['机器视觉', 'AOI']::text[]),
         ('[0:1]={a,b}'::text[]),
         (array[array['a','b'],array['c','d']]::text[])
       ) v(a)`,
    );
    expect(texts).toHaveLength(7);
    for (const text of texts) expect(parseTextArray(text), text).toEqual(stockTextArray(text));
    expect(parseTextArray(texts[2]!)).toEqual(elements);
  });
});
