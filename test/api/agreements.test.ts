/** 校企合作协议: recording, signing moving problems to agreed, every status move, technology-contract registration, access and the role matrix. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRATION_DAYS } from '../../src/domain/agreements.js';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast, MISSING_ID } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let b: ReturnType<typeof brokering>;
let labX: { id: string; name: string };
let labY: { id: string };
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  b = brokering(t);
  labX = await c.f.lab(c.uniX.id);
  labY = await c.f.lab(c.uniY.id);
});
afterAll(() => t.close());

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const patch = (id: string, body: Record<string, unknown>, token?: string) =>
  t.call('PATCH', `/api/v1/agreements/${id}`, { token, body });

describe('agreements: signing', () => {
  it('records a development agreement; the problems it answers move to agreed; registration is due 30 days after signing', async () => {
    const [p1, p2] = [await b.publishedProblem(c.entA.id), await b.publishedProblem(c.entA.id)];
    await b.contact(c.entA.id, { problemId: p2.id });
    const signedOn = shift(today(), -3);
    const r = await t.call('POST', '/api/v1/agreements', {
      body: {
        title: '注塑件视觉检测系统委托开发合同',
        type: 'development',
        developmentMode: 'commissioned',
        enterpriseId: c.entA.id,
        universityId: c.uniX.id,
        labId: labX.id,
        problemIds: [p1.id, p2.id],
        amountWan: 45.5,
        signedOn,
        startOn: signedOn,
        endOn: shift(signedOn, 365),
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      typeLabel: '技术开发',
      developmentModeLabel: '委托开发',
      status: 'signed',
      statusLabel: '已签订',
      amountWan: 45.5,
      enterprise: { id: c.entA.id },
      university: { id: c.uniX.id },
      lab: { id: labX.id, name: labX.name },
      registration: {
        dueOn: shift(signedOn, REGISTRATION_DAYS),
        registeredOn: null,
        state: 'pending',
        stateLabel: '待登记',
        daysLeft: 27,
      },
    });
    expect(r.body.problems.map((p: { id: string; stage: string }) => [p.id, p.stage]).sort()).toEqual(
      [
        [p1.id, 'agreed'],
        [p2.id, 'agreed'],
      ].sort(),
    );
    const h = await t.call('GET', `/api/v1/problems/${p2.id}/history?kinds=stage,agreement`);
    expect(
      h.body.items.map((i: { kind: string; toStage?: string }) => i.kind + (i.toStage ? `:${i.toStage}` : '')),
    ).toEqual(['stage:open', 'stage:contacted', 'agreement', 'stage:agreed']);
    expect(h.body.items[2]).toMatchObject({
      label: '签订技术开发协议《注塑件视觉检测系统委托开发合同》',
      signedOn,
      amountWan: 45.5,
    });
  });

  it('adding a problem by PATCH moves it; a closed one stays closed', async () => {
    const a = await b.agreement(c.entA.id, c.uniX.id);
    const [p, closed] = [await b.publishedProblem(c.entA.id), await b.publishedProblem(c.entA.id)];
    await b.ok('PATCH', `/api/v1/problems/${closed.id}`, { version: 1, stage: 'closed', stageReason: '已另行解决' });
    const r = await patch(a.id, { version: 1, problemIds: [p.id, closed.id] });
    expect(r.status).toBe(200);
    expect(Object.fromEntries(r.body.problems.map((x: { id: string; stage: string }) => [x.id, x.stage]))).toEqual({
      [p.id]: 'agreed',
      [closed.id]: 'closed',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['development without a mode', { type: 'development' }, 'developmentMode'],
    ['a mode on another type', { type: 'consulting', developmentMode: 'joint' }, 'developmentMode'],
    ['a signing date in the future', { signedOn: '2099-01-01' }, 'signedOn'],
    ['an end before the start', { startOn: '2026-05-01', endOn: '2026-04-01' }, 'endOn'],
    ['a lab of another university', { labId: 'LAB_Y' }, 'labId'],
    ['a problem of another enterprise', { problemIds: ['ENT_B_PROBLEM'] }, 'problemIds.0'],
    ['a missing problem', { problemIds: [MISSING_ID] }, 'problemIds.0'],
    ['a missing university', { universityId: MISSING_ID }, 'universityId'],
    ['a bad type', { type: 'sale' }, 'type'],
    ['a negative amount', { amountWan: -1 }, 'amountWan'],
    ['a status on create', { status: 'completed' }, 'status'],
  ])('refuses %s with 422', async (_case, over, path) => {
    const other = await b.publishedProblem(c.entB.id);
    const body = JSON.parse(
      JSON.stringify({
        title: '校验测试合同',
        type: 'service',
        enterpriseId: c.entA.id,
        universityId: c.uniX.id,
        signedOn: today(),
        ...over,
      })
        .replace('LAB_Y', labY.id)
        .replace('ENT_B_PROBLEM', other.id),
    );
    const r = await t.call('POST', '/api/v1/agreements', { body });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('an Idempotency-Key records one agreement for retries', async () => {
    const body = {
      title: '幂等测试合同',
      type: 'consulting',
      enterpriseId: c.entA.id,
      universityId: c.uniX.id,
      signedOn: today(),
    };
    const [one, two] = await Promise.all(
      [1, 2].map(() =>
        t.call('POST', '/api/v1/agreements', { body, headers: { 'idempotency-key': 'agreement-once' } }),
      ),
    );
    expect(two!.body.id).toBe(one!.body.id);
    expect(
      (await t.call('GET', '/api/v1/agreements?limit=100')).body.items.filter(
        (i: { title: string }) => i.title === '幂等测试合同',
      ),
    ).toHaveLength(1);
  });
});

type Status = 'signed' | 'in_progress' | 'completed' | 'terminated';
const STATUSES: Status[] = ['signed', 'in_progress', 'completed', 'terminated'];
const ALLOWED = new Set(['signed>in_progress', 'signed>terminated', 'in_progress>completed', 'in_progress>terminated']);

async function agreementIn(status: Status): Promise<{ id: string; version: number }> {
  const a = await b.agreement(c.entA.id, c.uniX.id);
  let version = 1;
  const path: Record<Status, Status[]> = {
    signed: [],
    in_progress: ['in_progress'],
    completed: ['in_progress', 'completed'],
    terminated: ['terminated'],
  };
  for (const s of path[status])
    version = (await b.ok('PATCH', `/api/v1/agreements/${a.id}`, { version, status: s, statusNote: '状态推进说明' }))
      .version;
  return { id: a.id, version };
}

describe('agreements: status moves', () => {
  it.each(STATUSES.flatMap((from) => STATUSES.filter((to) => to !== from).map((to) => [from, to] as const)))(
    '%s → %s',
    async (from, to) => {
      const a = await agreementIn(from);
      const r = await patch(a.id, { version: a.version, status: to, statusNote: '状态变更说明' });
      expect(r.status, JSON.stringify(r.body)).toBe(ALLOWED.has(`${from}>${to}`) ? 200 : 409);
      if (r.status === 409) expect(r.body.errors[0].path).toBe('status');
    },
  );

  it('terminating needs a note; a note without a status is refused', async () => {
    const a = await agreementIn('signed');
    expect((await patch(a.id, { version: 1, status: 'terminated' })).body.errors[0].path).toBe('statusNote');
    expect((await patch(a.id, { version: 1, statusNote: '只有说明' })).body.errors[0].path).toBe('statusNote');
    const done = await patch(a.id, { version: 1, status: 'terminated', statusNote: '企业经营调整' });
    expect(done.body).toMatchObject({
      statusLabel: '已终止',
      statusNote: '企业经营调整',
      registration: { state: 'not_required', daysLeft: null },
    });
  });

  it('two concurrent updates with one version: one wins', async () => {
    const a = await agreementIn('signed');
    const results = await Promise.all([
      patch(a.id, { version: 1, amountWan: 10 }),
      patch(a.id, { version: 1, amountWan: 20 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('agreements: registration (技术合同认定登记)', () => {
  it('needs both date and number, between signing and today; then it is registered', async () => {
    const a = await b.agreement(c.entA.id, c.uniX.id, { signedOn: shift(today(), -10) });
    expect((await patch(a.id, { version: 1, registeredOn: today() })).body.errors[0].path).toBe('registrationNo');
    expect(
      (await patch(a.id, { version: 1, registeredOn: shift(today(), -11), registrationNo: '3301062026000123' })).body
        .errors[0].path,
    ).toBe('registeredOn');
    const r = await patch(a.id, { version: 1, registeredOn: today(), registrationNo: '3301062026000123' });
    expect(r.body.registration).toMatchObject({
      state: 'registered',
      stateLabel: '已认定登记',
      registeredOn: today(),
      registrationNo: '3301062026000123',
      daysLeft: null,
    });
  });

  it('an old unregistered agreement is overdue; lists filter by registration state', async () => {
    const ent = await c.f.enterprise();
    const late = await b.agreement(ent.id, c.uniX.id, { signedOn: shift(today(), -40) });
    const fresh = await b.agreement(ent.id, c.uniX.id);
    expect(late.registration).toMatchObject({ state: 'overdue', stateLabel: '逾期未登记', daysLeft: -10 });
    const list = async (qs: string) =>
      (await t.call('GET', `/api/v1/agreements?enterpriseId=${ent.id}&${qs}`)).body.items.map(
        (i: { id: string }) => i.id,
      );
    expect(await list('registration=overdue')).toEqual([late.id]);
    expect(await list('registration=pending')).toEqual([fresh.id]);
    expect(await list('sort=signedOn')).toEqual([late.id, fresh.id]);
    expect(await list('type=service&status=signed')).toHaveLength(2);
  });
});

describe('agreements: access', () => {
  it('each party reads its own; lists are scoped; deleting one a centre grew from is refused', async () => {
    const a = await b.agreement(c.entA.id, c.uniX.id);
    const get = async (token: string) => (await t.call('GET', `/api/v1/agreements/${a.id}`, { token })).status;
    expect([
      await get(c.tokens.entA),
      await get(c.tokens.uniX),
      await get(c.tokens.entB),
      await get(c.tokens.uniY),
    ]).toEqual([200, 200, 404, 404]);
    const uniY = await t.call('GET', '/api/v1/agreements?limit=100', { token: c.tokens.uniY });
    expect(uniY.body.items.every((i: { universityId: string }) => i.universityId === c.uniY.id)).toBe(true);
    const entA = await t.call('GET', '/api/v1/agreements?limit=100', { token: c.tokens.entA });
    expect(entA.body.items.map((i: { id: string }) => i.id)).toContain(a.id);
    await b.centre(c.entA.id, c.uniX.id, { agreementId: a.id });
    expect((await t.call('DELETE', `/api/v1/agreements/${a.id}`)).status).toBe(409);
    const lone = await b.agreement(c.entA.id, c.uniX.id);
    expect((await t.call('DELETE', `/api/v1/agreements/${lone.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/agreements/${lone.id}`)).status).toBe(404);
  });
});

type ActorKey = 'bureau' | 'entA' | 'uniX';
describe.each<{ actor: ActorKey; write: number; created: number }>([
  { actor: 'bureau', write: 200, created: 201 },
  { actor: 'entA', write: 403, created: 403 },
  { actor: 'uniX', write: 403, created: 403 },
])('agreement writes as $actor (a party to it)', ({ actor, write, created }) => {
  it(`create → ${created}; patch → ${write}; delete → ${write === 200 ? 204 : write}`, async () => {
    const token = c.tokens[actor];
    expect(
      (
        await t.call('POST', '/api/v1/agreements', {
          token,
          body: {
            title: '角色矩阵合同',
            type: 'service',
            enterpriseId: c.entA.id,
            universityId: c.uniX.id,
            signedOn: today(),
          },
        })
      ).status,
    ).toBe(created);
    const a = await b.agreement(c.entA.id, c.uniX.id);
    expect((await patch(a.id, { version: 1, amountWan: 5 }, token)).status).toBe(write);
    expect((await patch(MISSING_ID, { version: 1, amountWan: 5 }, token)).status).toBe(write === 200 ? 404 : write);
    expect((await t.call('DELETE', `/api/v1/agreements/${a.id}`, { token })).status).toBe(write === 200 ? 204 : write);
  });
});
