/** 共建研发中心: recording, every status move, level upgrades kept as history, references, access and the role matrix. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast, MISSING_ID } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let b: ReturnType<typeof brokering>;
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  b = brokering(t);
});
afterAll(() => t.close());

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const patch = (id: string, body: Record<string, unknown>, token?: string) =>
  t.call('PATCH', `/api/v1/centres/${id}`, { token, body });
const upgrade = (id: string, body: Record<string, unknown>, token?: string) =>
  t.call('POST', `/api/v1/centres/${id}/level`, { token, body });

type Status = 'planned' | 'building' | 'operating' | 'recognized' | 'revoked';
const STATUSES: Status[] = ['planned', 'building', 'operating', 'recognized', 'revoked'];
const ORDER: Status[] = ['planned', 'building', 'operating', 'recognized'];
const allowed = (from: Status, to: Status) =>
  from !== 'revoked' && (to === 'revoked' || ORDER.indexOf(to) > ORDER.indexOf(from));

async function centreIn(status: Status): Promise<{ id: string; version: number }> {
  const centre = await b.centre(c.entA.id, c.uniX.id);
  if (status === 'planned') return { id: centre.id, version: 1 };
  const r = await b.ok('PATCH', `/api/v1/centres/${centre.id}`, {
    version: 1,
    status,
    statusNote: '测试准备',
    statusOn: shift(today(), -30),
  });
  return { id: centre.id, version: r.version };
}

describe('centres: recording', () => {
  it('records a centre grown from an agreement, planned at its level, with its first history rows', async () => {
    const lab = await c.f.lab(c.uniX.id);
    const a = await b.agreement(c.entA.id, c.uniX.id, { type: 'joint_platform', title: '共建视觉检测平台协议' });
    const r = await t.call('POST', '/api/v1/centres', {
      body: {
        name: '智能视觉检测联合研发中心',
        kind: 'engineering_centre',
        enterpriseId: c.entA.id,
        universityId: c.uniX.id,
        labId: lab.id,
        agreementId: a.id,
        level: 'district',
        plannedOn: shift(today(), -60),
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      kindLabel: '工程技术研究中心',
      level: 'district',
      levelLabel: '区级',
      status: 'planned',
      statusLabel: '筹建',
      agreement: { id: a.id, title: '共建视觉检测平台协议' },
      lab: { id: lab.id },
    });
    const h = await t.call('GET', `/api/v1/centres/${r.body.id}/history`);
    expect(h.body.items.map((i: { kind: string; to: string; toLabel: string }) => [i.kind, i.to, i.toLabel])).toEqual([
      ['level', 'district', '区级'],
      ['status', 'planned', '筹建'],
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an agreement between other parties', { agreementId: 'OTHER_AGREEMENT' }, 'agreementId'],
    ['a missing agreement', { agreementId: MISSING_ID }, 'agreementId'],
    ['a lab of another university', { labId: 'LAB_Y' }, 'labId'],
    ['a missing enterprise', { enterpriseId: MISSING_ID }, 'enterpriseId'],
    ['a bad level', { level: 'county' }, 'level'],
    ['a bad kind', { kind: 'incubator' }, 'kind'],
  ])('refuses %s with 422', async (_case, over, path) => {
    const other = await b.agreement(c.entB.id, c.uniX.id);
    const labY = await c.f.lab(c.uniY.id);
    const body = JSON.parse(
      JSON.stringify({
        name: '校验测试中心',
        kind: 'rd_centre',
        enterpriseId: c.entA.id,
        universityId: c.uniX.id,
        level: 'district',
        ...over,
      })
        .replace('OTHER_AGREEMENT', other.id)
        .replace('LAB_Y', labY.id),
    );
    const r = await t.call('POST', '/api/v1/centres', { body });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('an Idempotency-Key records one centre for retries', async () => {
    const body = {
      name: '幂等测试中心',
      kind: 'key_lab',
      enterpriseId: c.entA.id,
      universityId: c.uniX.id,
      level: 'city',
    };
    const [one, two] = await Promise.all(
      [1, 2].map(() => t.call('POST', '/api/v1/centres', { body, headers: { 'idempotency-key': 'centre-once' } })),
    );
    expect(two!.body.id).toBe(one!.body.id);
  });
});

describe('centres: status moves', () => {
  it.each(STATUSES.flatMap((from) => STATUSES.filter((to) => to !== from).map((to) => [from, to] as const)))(
    '%s → %s',
    async (from, to) => {
      const centre = await centreIn(from);
      const r = await patch(centre.id, { version: centre.version, status: to, statusNote: '状态变更说明' });
      expect(r.status, JSON.stringify(r.body)).toBe(allowed(from, to) ? 200 : 409);
    },
  );

  it('stamps the dates, records each change, and needs a note to revoke', async () => {
    const centre = await centreIn('planned');
    let v = (await patch(centre.id, { version: 1, status: 'operating', statusOn: shift(today(), -20) })).body.version;
    const rec = await patch(centre.id, {
      version: v,
      status: 'recognized',
      statusOn: shift(today(), -5),
      statusNote: '区科技局认定',
    });
    expect(rec.body).toMatchObject({
      establishedOn: shift(today(), -20),
      recognizedOn: shift(today(), -5),
      statusLabel: '已认定',
    });
    v = rec.body.version;
    expect((await patch(centre.id, { version: v, status: 'revoked' })).body.errors[0].path).toBe('statusNote');
    expect((await patch(centre.id, { version: v, statusOn: today() })).body.errors[0].path).toBe('status');
    expect(
      (await patch(centre.id, { version: v, status: 'revoked', statusNote: '考核不合格', statusOn: shift(today(), 1) }))
        .body.errors[0].path,
    ).toBe('statusOn');
    const revoked = await patch(centre.id, { version: v, status: 'revoked', statusNote: '考核不合格' });
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedOn: today() });
    const h = await t.call('GET', `/api/v1/centres/${centre.id}/history`);
    expect(
      h.body.items
        .filter((i: { kind: string }) => i.kind === 'status')
        .map((i: { from: string | null; to: string; note: string | null }) => [i.from, i.to, i.note]),
    ).toEqual([
      [null, 'planned', null],
      ['planned', 'operating', null],
      ['operating', 'recognized', '区科技局认定'],
      ['recognized', 'revoked', '考核不合格'],
    ]);
  });
});

describe('centres: level upgrades', () => {
  it('a recognised centre moves up, keeping each level in its history; level is not a PATCH field', async () => {
    const centre = await centreIn('recognized');
    const r = await upgrade(centre.id, { level: 'city', effectiveOn: today(), documentNo: '市科技〔2026〕88号' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ level: 'city', levelLabel: '市级', recognizedOn: today(), status: 'recognized' });
    const h = await t.call('GET', `/api/v1/centres/${centre.id}/history`);
    expect(
      h.body.items
        .filter((i: { kind: string }) => i.kind === 'level')
        .map((i: { from: string | null; to: string; documentNo: string | null }) => [i.from, i.to, i.documentNo]),
    ).toEqual([
      [null, 'district', null],
      ['district', 'city', '市科技〔2026〕88号'],
    ]);
    const p = await patch(centre.id, { version: r.body.version, level: 'national' });
    expect(p.status).toBe(422);
    expect(p.body.errors[0].path).toBe('level');
  });

  it.each<[string, Status, Record<string, unknown>, number, string]>([
    ['not yet recognised', 'operating', { level: 'city' }, 409, 'level'],
    ['the same level', 'recognized', { level: 'district' }, 409, 'level'],
    ['a future date', 'recognized', { level: 'city', effectiveOn: '2099-01-01' }, 422, 'effectiveOn'],
    [
      'a date before the current recognition',
      'recognized',
      { level: 'city', effectiveOn: '2000-01-01' },
      422,
      'effectiveOn',
    ],
    ['a bad level', 'recognized', { level: 'county' }, 422, 'level'],
  ])('refuses an upgrade when %s', async (_case, status, body, code, path) => {
    const centre = await centreIn(status);
    const r = await upgrade(centre.id, { effectiveOn: today(), ...body });
    expect(r.status).toBe(code);
    expect(r.body.errors[0].path).toBe(path);
  });

  it('two concurrent upgrades to the same level: one wins; a stale version is 409', async () => {
    const centre = await centreIn('recognized');
    const results = await Promise.all([
      upgrade(centre.id, { level: 'province', effectiveOn: today() }),
      upgrade(centre.id, { level: 'province', effectiveOn: today() }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await upgrade(centre.id, { level: 'national', effectiveOn: today(), version: 1 })).status).toBe(409);
  });
});

describe('centres: access', () => {
  it('each party reads its own, with history; lists are scoped and filter', async () => {
    const centre = await centreIn('building');
    for (const [token, status] of [
      [c.tokens.entA, 200],
      [c.tokens.uniX, 200],
      [c.tokens.entB, 404],
      [c.tokens.uniY, 404],
    ] as const) {
      expect((await t.call('GET', `/api/v1/centres/${centre.id}`, { token })).status).toBe(status);
      expect((await t.call('GET', `/api/v1/centres/${centre.id}/history`, { token })).status).toBe(status);
    }
    const mine = await t.call('GET', '/api/v1/centres?status=building&limit=100', { token: c.tokens.uniX });
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(centre.id);
    expect(
      mine.body.items.every(
        (i: { status: string; universityId: string }) => i.status === 'building' && i.universityId === c.uniX.id,
      ),
    ).toBe(true);
    expect((await t.call('GET', '/api/v1/centres?limit=100', { token: c.tokens.uniY })).body.total).toBe(0);
  });
});

type ActorKey = 'bureau' | 'entA' | 'uniX';
describe.each<{ actor: ActorKey; write: number; created: number }>([
  { actor: 'bureau', write: 200, created: 201 },
  { actor: 'entA', write: 403, created: 403 },
  { actor: 'uniX', write: 403, created: 403 },
])('centre writes as $actor (a party to it)', ({ actor, write, created }) => {
  it(`create → ${created}; patch, level → ${write}; delete → ${write === 200 ? 204 : write}`, async () => {
    const token = c.tokens[actor];
    expect(
      (
        await t.call('POST', '/api/v1/centres', {
          token,
          body: {
            name: '角色矩阵中心',
            kind: 'rd_centre',
            enterpriseId: c.entA.id,
            universityId: c.uniX.id,
            level: 'district',
          },
        })
      ).status,
    ).toBe(created);
    const centre = await centreIn('recognized');
    expect((await patch(centre.id, { version: centre.version, summary: '角色矩阵' }, token)).status).toBe(write);
    expect((await upgrade(centre.id, { level: 'city', effectiveOn: today() }, token)).status).toBe(write);
    expect((await upgrade(MISSING_ID, { level: 'city', effectiveOn: today() }, token)).status).toBe(
      write === 200 ? 404 : write,
    );
    expect((await t.call('DELETE', `/api/v1/centres/${centre.id}`, { token })).status).toBe(
      write === 200 ? 204 : write,
    );
  });
});
