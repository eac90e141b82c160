/** Hot reads compiled once per shape: the same SQL with each call's values, a new shape for a new structure, and a builder that computes with a value is caught. */
import {
  CamelCasePlugin,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { cachedQuery } from '../../src/db/query-cache.js';
import type { Database } from '../../src/db/tables.js';

const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
  plugins: [new CamelCasePlugin()],
});

let builds = 0;
const problems = (values: { title: string | undefined; stages: string[] | undefined; limit: number }) =>
  cachedQuery('test-problems', { sort: 'postedAt' }, values, (_shape, v) => {
    builds++;
    let q = db.selectFrom('problems').select(['id', 'enterpriseId']);
    if (v.title) q = q.where('title', '=', v.title);
    if (v.stages) q = q.where('stage', 'in', v.stages as never);
    return q.orderBy('postedAt').limit(v.limit);
  });

describe('cachedQuery', () => {
  it('builds a shape once and answers later calls with their own values in the same SQL', () => {
    const first = problems({ title: '甲', stages: ['open', 'closed'], limit: 21 });
    const before = builds;
    const second = problems({ title: '乙', stages: ['matching', 'open'], limit: 11 });
    expect(second.sql).toBe(first.sql);
    expect(second.sql).toContain('"enterprise_id"');
    expect(second.parameters).toEqual(['乙', 'matching', 'open', 11]);
    // Under vitest each call is also built directly to check the cached SQL: one build for the check only.
    expect(builds - before).toBe(1);
  });

  it('an absent or empty value, or a list of another length, is another shape', () => {
    const none = problems({ title: undefined, stages: undefined, limit: 21 });
    const empty = problems({ title: '', stages: ['open'], limit: 21 });
    const three = problems({ title: '丙', stages: ['open', 'matching', 'closed'], limit: 21 });
    expect(none.sql).not.toContain('"title"');
    expect(empty.sql).not.toContain('"title"');
    expect(empty.parameters).toEqual(['open', 21]);
    expect(three.parameters).toEqual(['丙', 'open', 'matching', 'closed', 21]);
  });

  it('a builder that branches on what a value says is caught under vitest', () => {
    const bad = (limit: number) =>
      cachedQuery('test-bad', {}, { limit }, (_s, v) =>
        db
          .selectFrom('problems')
          .select('id')
          .limit((v.limit as number) > 50 ? 50 : v.limit),
      );
    expect(() => bad(100)).toThrow(/differs from the direct build/);
  });
});
