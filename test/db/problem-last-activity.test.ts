/**
 * `problem_last_activity` (migration 2026-11-30T1800-perf-problem-last-activity): after every kind
 * of write to the six activity tables — insert, a later or earlier time, soft and hard delete, a
 * contact moved to another problem, an agreement's problems changed — the table holds exactly what
 * grouping all the history would give, and the board shows it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast } from '../support/fixtures.js';
import { storeMode } from '../support/store.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

/** The query the table replaces: every problem's latest event, grouped over all the history. */
const grouped = sql<{ problemId: string; kind: string; at: Date }>`
  select distinct on (x.problem_id) x.problem_id, x.kind, x.at from (
    select h.problem_id, 'stage'::text as kind, max(h.at) as at from problem_stage_history h where h.from_stage is not null group by h.problem_id
    union all select r.problem_id, 'review', max(r.at) from problem_reviews r where r.action <> 'submit' group by r.problem_id
    union all select i.problem_id, 'interest', max(coalesce(i.withdrawn_at, i.created_at)) from interests i where i.deleted_at is null group by i.problem_id
    union all select n.problem_id, 'introduction', max(n.updated_at) from introductions n where n.deleted_at is null group by n.problem_id
    union all select c.problem_id, 'contact', max(c.occurred_at) from contacts c where c.deleted_at is null and c.problem_id is not null group by c.problem_id
    union all select p.id, 'agreement', max(g.created_at) from agreements g cross join lateral unnest(g.problem_ids) as p(id) where g.deleted_at is null group by p.id
  ) x where x.at is not null order by x.problem_id, x.at desc, x.kind`;

async function kept() {
  const { rows } = await sql<{
    problemId: string;
    kind: string;
    at: Date;
  }>`select problem_id, kind, at from problem_last_activity order by problem_id`.execute(t.deps.db);
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
async function expected() {
  const { rows } = await grouped.execute(t.deps.db);
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
const latest = async (problemId: string) => (await kept()).find((r) => r.problemId === problemId);

describe(`problem_last_activity (${storeMode})`, () => {
  it('follows every write to the activity tables', async () => {
    const c = await cast(t);
    const b = brokering(t);
    const db = t.deps.db;
    const lab = await c.f.lab(c.uniX.id, { name: '最近动态实验室' });
    const p = await b.publishedProblem(c.entA.id);
    const q = await b.publishedProblem(c.entA.id);
    expect(await latest(p.id)).toBeUndefined(); // posting alone is no event here
    expect(await latest(q.id)).toBeUndefined();

    const agrees = async () => expect(await kept()).toEqual(await expected());
    const old = await b.contact(c.entA.id, { problemId: p.id, occurredAt: b.daysAgo(20) });
    await agrees();
    const recent = await b.contact(c.entA.id, { problemId: p.id, occurredAt: b.daysAgo(3) });
    await agrees();
    // A contact a week ahead of everything else is the latest; soft deleted, it no longer is.
    await db
      .updateTable('contacts')
      .set({ occurredAt: new Date(Date.now() + 7 * 86_400_000) })
      .where('id', '=', recent.id)
      .execute();
    expect(await latest(p.id)).toMatchObject({ kind: 'contact' });
    await db.updateTable('contacts').set({ deletedAt: new Date() }).where('id', '=', recent.id).execute();
    expect((await latest(p.id))!.at < new Date().toISOString()).toBe(true);
    await agrees();
    // Move the old contact to the other problem.
    await db.updateTable('contacts').set({ problemId: q.id }).where('id', '=', old.id).execute();
    await agrees();
    // An agreement on both, then on q only, then deleted outright.
    const agreement = await b.agreement(c.entA.id, c.uniX.id, { problemIds: [p.id, q.id] });
    expect(await latest(p.id)).toMatchObject({ kind: 'agreement' });
    await agrees();
    await db
      .updateTable('agreements')
      .set({ problemIds: [q.id] })
      .where('id', '=', agreement.id)
      .execute();
    expect((await latest(p.id))?.kind).not.toBe('agreement');
    await agrees();
    await b.introduction(p.id, lab.id);
    expect(await latest(p.id)).toMatchObject({ kind: 'introduction' });
    await db.deleteFrom('contacts').where('id', '=', old.id).execute();
    await db.deleteFrom('agreements').where('id', '=', agreement.id).execute();
    await agrees();
  });

  it('the board dates a card by its latest event', async () => {
    const c = await cast(t);
    const b = brokering(t);
    const p = await b.publishedProblem(c.entA.id, { title: '最近动态看板测试难题' });
    await b.contact(c.entA.id, { problemId: p.id, occurredAt: new Date().toISOString() });
    const row = (await latest(p.id))!;
    const r = await t.call('GET', `/api/v1/pipeline?enterpriseId=${c.entA.id}&limit=100`);
    expect(r.status).toBe(200);
    const item = (r.body.items as { problem: { id: string }; lastActivityKind: string; lastActivityAt: string }[]).find(
      (i) => i.problem.id === p.id,
    );
    expect(item).toMatchObject({ lastActivityKind: row.kind, lastActivityAt: row.at });
    expect(await kept()).toEqual(await expected());
  });
});
