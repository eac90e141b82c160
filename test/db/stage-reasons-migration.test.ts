/**
 * Migration 2026-11-30T1400-stage-reasons: the sentences the workflow wrote become codes with their
 * parameters (lab, agreement and university ids found again), anything else becomes `manual`, every
 * problem is queued for reindexing; `down()` writes the same sentences back.
 */
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast } from '../support/fixtures.js';
import { storeMode } from '../support/store.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const THIS = '2026-11-30T1400-stage-reasons';
/** The migration just before this one (later ones, if any, go down and up with it). */
const BEFORE = Object.keys(migrations).sort()[Object.keys(migrations).sort().indexOf(THIS) - 1]!;

const SENTENCES = (lab: string, title: string) => [
  `推荐候选实验室：${lab}`,
  `引荐实验室：${lab}`,
  '对接记录：上门服务',
  `签订合作协议《${title}》`,
  '企业自行解决',
];

describe(`stage reasons migration (${storeMode})`, () => {
  it('converts the old sentences to codes and parameters, and back', async () => {
    const c = await cast(t);
    const b = brokering(t);
    const lab = await c.f.lab(c.uniX.id, { name: '迁移测试实验室' });
    const p = await b.publishedProblem(c.entA.id);
    const agreement = await b.agreement(c.entA.id, c.uniX.id, { title: '迁移测试协议', problemIds: [p.id] });
    await b.introduction(p.id, lab.id);
    const db = t.store.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo(BEFORE);
    expect(down.error).toBeUndefined();

    await db.deleteFrom('problemStageHistory').where('problemId', '=', p.id).execute();
    for (const reason of [...SENTENCES(lab.name, agreement.title), null]) {
      await sql`insert into problem_stage_history (problem_id, to_stage, reason, actor_name)
        values (${p.id}, 'matching', ${reason}, '迁移')`.execute(db);
    }
    const queuedFor = async () =>
      (
        await db
          .selectFrom('outbox')
          .select('id')
          .where('entity', '=', 'problem')
          .where('entityId', '=', p.id)
          .execute()
      ).length;
    const queued = await queuedFor();
    expect(await migrateToLatest(db)).toContain(THIS);

    const rows = await db
      .selectFrom('problemStageHistory')
      .select(['reasonCode', 'reasonParams'])
      .where('problemId', '=', p.id)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { reasonCode: 'shortlisted', reasonParams: { labId: lab.id, labName: lab.name, universityId: c.uniX.id } },
      { reasonCode: 'introduced', reasonParams: { labId: lab.id, labName: lab.name, universityId: c.uniX.id } },
      { reasonCode: 'contact', reasonParams: { kind: 'visit', contactId: null } },
      {
        reasonCode: 'agreement',
        reasonParams: { agreementId: agreement.id, title: agreement.title, universityId: c.uniX.id },
      },
      { reasonCode: 'manual', reasonParams: { text: '企业自行解决' } },
      { reasonCode: null, reasonParams: null },
    ]);
    expect(await queuedFor()).toBe(queued + 1);

    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const back = await sql<{
      reason: string | null;
    }>`select reason from problem_stage_history where problem_id = ${p.id} order by id`.execute(db);
    expect(back.rows.map((r) => r.reason)).toEqual([...SENTENCES(lab.name, agreement.title), null]);
    await migrateToLatest(db);
  });
});
