/** 技术难题阶段: the transition matrix through PATCH, reasons, what an enterprise may do, the history, and transitionStage. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemStage } from '../../src/db/tables.js';
import { ApiError } from '../../src/http/errors.js';
import { canTransition, STAGE_CODES, STAGE_LABELS } from '../../src/domain/stages.js';
import { transitionStage } from '../../src/modules/problems/stages.js';
import { stageReason } from '../../src/policy/stage-reasons.js';
import { testApp, type TestApp } from '../support/app.js';
import { cast } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
});
afterAll(() => t.close());

const ALLOWED: [ProblemStage, ProblemStage][] = [
  ['open', 'matching'],
  ['open', 'contacted'],
  ['open', 'negotiating'],
  ['open', 'agreed'],
  ['open', 'solved'],
  ['open', 'closed'],
  ['matching', 'contacted'],
  ['matching', 'negotiating'],
  ['matching', 'agreed'],
  ['matching', 'solved'],
  ['matching', 'closed'],
  ['contacted', 'negotiating'],
  ['contacted', 'agreed'],
  ['contacted', 'solved'],
  ['contacted', 'closed'],
  ['negotiating', 'agreed'],
  ['negotiating', 'solved'],
  ['negotiating', 'closed'],
  ['agreed', 'solved'],
  ['agreed', 'closed'],
  ['solved', 'closed'],
  ['closed', 'open'],
];
const REFUSED: [ProblemStage, ProblemStage][] = [
  ['matching', 'open'],
  ['contacted', 'matching'],
  ['agreed', 'matching'],
  ['agreed', 'open'],
  ['solved', 'agreed'],
  ['solved', 'open'],
  ['closed', 'matching'],
  ['closed', 'solved'],
];

/** A problem of entA moved by the bureau to `stage`, and its current version. */
async function problemAt(stage: ProblemStage): Promise<{ id: string; version: number }> {
  const p = await c.f.problem(c.entA.id);
  if (stage === 'open') return { id: p.id, version: 1 };
  const r = await t.call('PATCH', `/api/v1/problems/${p.id}`, { body: { version: 1, stage, stageReason: '测试准备' } });
  expect(r.status).toBe(200);
  return { id: p.id, version: r.body.version };
}

/** `stageReason: null` leaves the reason out. */
const move = (
  p: { id: string; version: number },
  stage: ProblemStage,
  token?: string,
  stageReason: string | null = '阶段推进说明',
) =>
  t.call('PATCH', `/api/v1/problems/${p.id}`, {
    token,
    body: { version: p.version, stage, ...(stageReason === null ? {} : { stageReason }) },
  });

describe('canTransition', () => {
  const allowed = new Set(ALLOWED.map(([a, b]) => `${a}>${b}`));
  it.each(STAGE_CODES.flatMap((from) => STAGE_CODES.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(allowed.has(`${from}>${to}`));
  });
});

describe('PATCH stage by the bureau', () => {
  it.each(ALLOWED)('%s → %s is allowed and recorded', async (from, to) => {
    const p = await problemAt(from);
    const r = await move(p, to);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ stage: to, stageLabel: STAGE_LABELS[to], version: p.version + 1 });
    const h = await t.call('GET', `/api/v1/problems/${p.id}/history`);
    expect(h.body.items.at(-1)).toMatchObject({ fromStage: from, toStage: to, reason: '阶段推进说明' });
  });

  it.each(REFUSED)('%s → %s is refused with 409 naming both stages', async (from, to) => {
    const p = await problemAt(from);
    const r = await move(p, to);
    expect(r.status).toBe(409);
    expect(r.body.detail).toBe(`不能从「${STAGE_LABELS[from]}」改为「${STAGE_LABELS[to]}」`);
    expect((await t.call('GET', `/api/v1/problems/${p.id}`)).body).toMatchObject({ stage: from, version: p.version });
  });

  it('requires a reason of 2–500 characters when the stage changes', async () => {
    const p = await problemAt('open');
    for (const reason of [null, 'a', 'x'.repeat(501)]) {
      const r = await move(p, 'matching', undefined, reason);
      expect(r.status).toBe(422);
      expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['stageReason']);
    }
    const noStage = await t.call('PATCH', `/api/v1/problems/${p.id}`, {
      body: { version: 1, stageReason: '没有阶段' },
    });
    expect(noStage.status).toBe(422);
  });

  it('the same stage is not a change: no reason needed, no history row', async () => {
    const p = await problemAt('matching');
    const r = await move(p, 'matching', undefined, null);
    expect(r.status).toBe(200);
    expect((await t.call('GET', `/api/v1/problems/${p.id}/history`)).body.items).toHaveLength(2);
  });
});

describe('PATCH stage by an enterprise', () => {
  it.each(['matching', 'solved'] as const)('may not move its own problem to %s (403 at stage)', async (to) => {
    const p = await problemAt('open');
    const r = await move(p, to, c.tokens.entA);
    expect(r.status).toBe(403);
    expect(r.body.errors[0].path).toBe('stage');
  });

  it('may close its own problem but not reopen it; the bureau reopens', async () => {
    const p = await problemAt('negotiating');
    const closed = await move(p, 'closed', c.tokens.entA, '需求取消');
    expect(closed.status).toBe(200);
    expect(closed.body.stage).toBe('closed');
    expect((await move({ id: p.id, version: closed.body.version }, 'open', c.tokens.entA)).status).toBe(403);
    expect((await move({ id: p.id, version: closed.body.version }, 'open')).status).toBe(200);
  });

  it('may not close a foreign problem (404)', async () => {
    expect((await move(await problemAt('open'), 'closed', c.tokens.entB)).status).toBe(404);
  });
});

describe('history', () => {
  it('lists every change oldest first with labels, reasons and actors', async () => {
    let p = await problemAt('open');
    for (const [stage, reason] of [
      ['matching', '开始匹配'],
      ['contacted', '首次对接'],
      ['closed', '暂停'],
      ['open', '重新征集'],
    ] as const) {
      const r = await t.call('PATCH', `/api/v1/problems/${p.id}`, {
        body: { version: p.version, stage, stageReason: reason },
      });
      p = { id: p.id, version: r.body.version };
    }
    const h = await t.call('GET', `/api/v1/problems/${p.id}/history`, { token: c.tokens.entA });
    expect(h.status).toBe(200);
    expect(
      h.body.items.map((i: { fromStage: string | null; toStage: string; reason: string | null }) => [
        i.fromStage,
        i.toStage,
        i.reason,
      ]),
    ).toEqual([
      [null, 'open', null],
      ['open', 'matching', '开始匹配'],
      ['matching', 'contacted', '首次对接'],
      ['contacted', 'closed', '暂停'],
      ['closed', 'open', '重新征集'],
    ]);
    expect(h.body.items[3]).toMatchObject({
      fromLabel: '已对接',
      toLabel: '已关闭',
      actorName: '系统管理员',
      at: expect.any(String),
    });
    expect(h.body.items[0].fromLabel).toBeNull();
    expect((await t.call('GET', `/api/v1/problems/${p.id}/history`, { token: c.tokens.entB })).status).toBe(404);
  });
});

describe('transitionStage (called by the brokering workflow)', () => {
  const ctx = {
    actor: { userId: null, name: '撮合流程', role: 'bureau' as const, enterpriseId: null, universityId: null },
  };

  it('moves the stage with history, audit and outbox rows; staying put writes nothing', async () => {
    const p = await problemAt('open');
    const after = await t.store.db
      .transaction()
      .execute((tx) => transitionStage(tx, ctx, p.id, 'contacted', stageReason.manual('记录首次对接')));
    expect(after).toMatchObject({ stage: 'contacted', version: 2 });
    const same = await t.store.db
      .transaction()
      .execute((tx) => transitionStage(tx, ctx, p.id, 'contacted', stageReason.manual('重复事件')));
    expect(same.version).toBe(2);
    const h = await t.call('GET', `/api/v1/problems/${p.id}/history`);
    expect(h.body.items.at(-1)).toMatchObject({
      fromStage: 'open',
      toStage: 'contacted',
      reason: '记录首次对接',
      actorName: '撮合流程',
    });
    expect(h.body.items).toHaveLength(2);
    const outbox = await t.store.db
      .selectFrom('outbox')
      .select('op')
      .where('entity', '=', 'problem')
      .where('entityId', '=', p.id)
      .execute();
    expect(outbox).toHaveLength(2);
  });

  it('refuses a move outside the rules and leaves the problem as it was', async () => {
    const p = await problemAt('agreed');
    await expect(
      t.store.db.transaction().execute((tx) => transitionStage(tx, ctx, p.id, 'matching', null)),
    ).rejects.toThrow(ApiError);
    expect((await t.call('GET', `/api/v1/problems/${p.id}`)).body.stage).toBe('agreed');
  });
});
