/** 企业 API: happy path, validation, role matrix, concurrency and audit, through the real app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_CODE_MESSAGES } from '../../src/domain/credit-code.js';
import { testApp, type TestApp } from '../support/app.js';
import { cast, makeCreditCode, MISSING_ID } from '../support/fixtures.js';

// 20:00 UTC is already the next day in Beijing: certificates are judged by the Beijing date 2026-06-16.
const NOW = new Date('2026-06-15T20:00:00Z');
const BASE = '/api/v1/enterprises';
const CERT = { highTechCertNo: 'GR202433001234', highTechCertFrom: '2024-01-01', highTechCertTo: '2026-12-31' };

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let bureauLiaisonId: string;
beforeAll(async () => {
  t = await testApp({ now: () => NOW });
  c = await cast(t);
  bureauLiaisonId = (await t.call('POST', '/api/v1/liaisons', { body: { side: 'bureau', name: '赵科长' } })).body.id;
});
afterAll(() => t.close());

const versionOf = async (id: string) => (await t.call('GET', `${BASE}/${id}`)).body.version as number;
const addProblem = (enterpriseId: string) =>
  t.store.db
    .insertInto('problems')
    .values({
      enterpriseId,
      title: '难题',
      description: '说明',
      domains: [],
      keywords: [],
      budgetWan: null,
      deadline: null,
      visibility: 'public',
      stage: 'open',
      liaisonId: null,
      createdBy: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

describe('enterprises: happy path', () => {
  it('creates, reads, updates and deletes an enterprise', async () => {
    const code = makeCreditCode();
    const body = {
      name: '杭州云帆精密机械有限公司',
      creditCode: code.toLowerCase(),
      scale: 'small',
      foundedOn: '2015-03-02',
      employees: 120,
      revenueWan: 1234.56,
      ...CERT,
      techSmeRegNo: '20263301000A0001',
      contactPhone: '0571-88001234',
      contactEmail: 'hr@yunfan.example',
      liaisonId: bureauLiaisonId,
    };
    const created = await t.call('POST', BASE, { body });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${BASE}/${created.body.id}`);
    expect(created.body).toMatchObject({
      creditCode: code,
      revenueWan: 1234.56,
      employees: 120,
      foundedOn: '2015-03-02',
      highTech: { certified: true, expiresOn: '2026-12-31' },
      techSme: true,
      problemCount: 0,
      version: 1,
      liaisonId: bureauLiaisonId,
    });

    const got = await t.call('GET', `${BASE}/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"v1"');
    expect(got.body).toEqual(created.body);

    const patched = await t.call('PATCH', `${BASE}/${created.body.id}`, {
      body: { version: 1, address: '滨江区江南大道 1 号', techSmeRegNo: null },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, address: '滨江区江南大道 1 号', techSme: false });
    expect(patched.headers.get('etag')).toBe('"v2"');

    expect((await t.call('DELETE', `${BASE}/${created.body.id}`)).status).toBe(204);
    expect((await t.call('GET', `${BASE}/${created.body.id}`)).status).toBe(404);
    // The code is unique among live enterprises only.
    expect((await t.call('POST', BASE, { body: { name: '重新登记', creditCode: code } })).status).toBe(201);
  });

  it('judges the certificate by the Beijing date', async () => {
    const ended = await t.call('POST', BASE, { body: { name: '证书昨日到期', ...CERT, highTechCertTo: '2026-06-15' } });
    const today = await t.call('POST', BASE, { body: { name: '证书今日到期', ...CERT, highTechCertTo: '2026-06-16' } });
    expect(ended.body.highTech).toEqual({ certified: false, expiresOn: '2026-06-15' });
    expect(today.body.highTech).toEqual({ certified: true, expiresOn: '2026-06-16' });
  });

  it('filters, sorts and pages the list', async () => {
    const mk = (suffix: string, extra: object) =>
      t.call('POST', BASE, { body: { name: `列表测试-${suffix}`, ...extra } });
    await mk('A', { scale: 'small', industry: '软件', ...CERT, techSmeRegNo: 'T1', liaisonId: bureauLiaisonId });
    await mk('B', {
      scale: 'medium',
      industry: '软件',
      ...CERT,
      highTechCertFrom: '2020-01-01',
      highTechCertTo: '2022-12-31',
    });
    await mk('C', { scale: 'small', industry: '制造', techSmeRegNo: 'T3' });
    const names = async (qs: string) => {
      const r = await t.call('GET', `${BASE}?q=${encodeURIComponent('列表测试')}&${qs}`);
      expect(r.status).toBe(200);
      return (r.body.items as { name: string }[]).map((e) => e.name.slice(-1)).join('');
    };
    expect(await names('')).toBe('ABC');
    expect(await names('sort=-name')).toBe('CBA');
    expect(await names('highTech=true')).toBe('A');
    expect(await names('highTech=false')).toBe('BC');
    expect(await names('techSme=true')).toBe('AC');
    expect(await names('techSme=false')).toBe('B');
    expect(await names('scale=small')).toBe('AC');
    expect(await names(`industry=${encodeURIComponent('软件')}`)).toBe('AB');
    expect(await names(`liaisonId=${bureauLiaisonId}`)).toBe('A');

    const first = await t.call('GET', `${BASE}?q=${encodeURIComponent('列表测试')}&limit=2`);
    expect(first.body).toMatchObject({ total: 3, items: [{ name: '列表测试-A' }, { name: '列表测试-B' }] });
    const second = await t.call(
      'GET',
      `${BASE}?q=${encodeURIComponent('列表测试')}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((e: { name: string }) => e.name)).toEqual(['列表测试-C']);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('matches q literally, escaping LIKE wildcards', async () => {
    await t.call('POST', BASE, { body: { name: '百分百100%科技' } });
    await t.call('POST', BASE, { body: { name: '百分百100X科技' } });
    const r = await t.call('GET', `${BASE}?q=${encodeURIComponent('100%')}`);
    expect(r.body.items.map((e: { name: string }) => e.name)).toEqual(['百分百100%科技']);
  });

  it('refuses to delete an enterprise with live problems and counts them', async () => {
    const e = await c.f.enterprise();
    const p = await addProblem(e.id);
    expect((await t.call('GET', `${BASE}/${e.id}`)).body.problemCount).toBe(1);
    expect((await t.call('DELETE', `${BASE}/${e.id}`)).status).toBe(409);
    await t.store.db.updateTable('problems').set({ deletedAt: new Date() }).where('id', '=', p.id).execute();
    expect((await t.call('DELETE', `${BASE}/${e.id}`)).status).toBe(204);
  });
});

describe('enterprises: validation', () => {
  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x', scale: 'huge' }, 'scale'],
    [{ name: 'x', employees: -1 }, 'employees'],
    [{ name: 'x', employees: 1.5 }, 'employees'],
    [{ name: 'x', revenueWan: -0.01 }, 'revenueWan'],
    [{ name: 'x', foundedOn: '2020-13-01' }, 'foundedOn'],
    [{ name: 'x', highTechCertNo: 'GR12345' }, 'highTechCertNo'],
    [{ name: 'x', contactPhone: '电话' }, 'contactPhone'],
    [{ name: 'x', contactEmail: 'not-mail' }, 'contactEmail'],
    [{ name: 'x', liaisonId: 'abc' }, 'liaisonId'],
    [{ name: 'x', creditCode: '9133010079965505' }, 'creditCode'],
    [{ name: 'x', nickname: '云帆' }, 'nickname'],
  ])('rejects %j at %s', async (body, path) => {
    const r = await t.call('POST', BASE, { body });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('checks the credit code check character and uniqueness', async () => {
    const bad = await t.call('POST', BASE, { body: { name: 'x', creditCode: '91330100799655058C' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ path: 'creditCode', message: CREDIT_CODE_MESSAGES.check }]);
    const dup = await t.call('POST', BASE, { body: { name: 'x', creditCode: c.entA.creditCode } });
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0].path).toBe('creditCode');
    const dupPatch = await t.call('PATCH', `${BASE}/${c.entB.id}`, {
      body: { creditCode: c.entA.creditCode, version: await versionOf(c.entB.id) },
    });
    expect(dupPatch.status).toBe(409);
  });

  it('requires certificate dates in order, also against stored values', async () => {
    const r = await t.call('POST', BASE, { body: { name: 'x', ...CERT, highTechCertFrom: '2027-01-01' } });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].path).toBe('highTechCertTo');
    const e = (await t.call('POST', BASE, { body: { name: '日期校验', ...CERT } })).body;
    const p = await t.call('PATCH', `${BASE}/${e.id}`, { body: { highTechCertFrom: '2027-06-01', version: 1 } });
    expect(p.status).toBe(422);
    expect(p.body.errors[0].path).toBe('highTechCertTo');
  });

  it('requires liaisonId to name a live bureau liaison', async () => {
    const uniLiaison = (
      await t.call('POST', '/api/v1/liaisons', {
        body: { side: 'university', name: '钱老师', universityId: c.uniX.id },
      })
    ).body;
    for (const liaisonId of [uniLiaison.id, MISSING_ID]) {
      const r = await t.call('POST', BASE, { body: { name: 'x', liaisonId } });
      expect(r.status).toBe(422);
      expect(r.body.errors[0].path).toBe('liaisonId');
    }
  });
});

type Who = 'bureau' | 'entA' | 'entB' | 'uniX';
type Target = 'entA' | 'entB' | 'missing';
const idOf = (target: Target) => (target === 'missing' ? MISSING_ID : c[target].id);
const all = (s: number): Record<Target, number> => ({ entA: s, entB: s, missing: s });

describe.each<
  [Who, { get: Record<Target, number>; del: Record<Target, number>; post: number; list: number; sees: Target[] }]
>([
  [
    'bureau',
    {
      get: { entA: 200, entB: 200, missing: 404 },
      del: { entA: 204, entB: 204, missing: 404 },
      post: 201,
      list: 200,
      sees: ['entA', 'entB'],
    },
  ],
  ['entA', { get: { entA: 200, entB: 404, missing: 404 }, del: all(403), post: 403, list: 200, sees: ['entA'] }],
  ['entB', { get: { entA: 404, entB: 200, missing: 404 }, del: all(403), post: 403, list: 200, sees: ['entB'] }],
  ['uniX', { get: all(403), del: all(403), post: 403, list: 403, sees: [] }],
])('enterprises as %s', (who, want) => {
  it.each<Target>(['entA', 'entB', 'missing'])('reads and updates %s', async (target) => {
    const token = c.tokens[who];
    expect((await t.call('GET', `${BASE}/${idOf(target)}`, { token })).status).toBe(want.get[target]);
    const version = target === 'missing' ? 1 : await versionOf(idOf(target));
    expect(
      (await t.call('PATCH', `${BASE}/${idOf(target)}`, { token, body: { description: `由 ${who} 修改`, version } }))
        .status,
    ).toBe(want.get[target]);
  });

  it.each<Target>(['entA', 'entB', 'missing'])('deletes %s', async (target) => {
    // The bureau really deletes, so it gets a fresh enterprise instead of the shared ones.
    const id = who === 'bureau' && target !== 'missing' ? (await c.f.enterprise()).id : idOf(target);
    expect((await t.call('DELETE', `${BASE}/${id}`, { token: c.tokens[who] })).status).toBe(want.del[target]);
  });

  it('creates and lists', async () => {
    expect((await t.call('POST', BASE, { token: c.tokens[who], body: { name: `由 ${who} 登记` } })).status).toBe(
      want.post,
    );
    const r = await t.call('GET', `${BASE}?limit=100`, { token: c.tokens[who] });
    expect(r.status).toBe(want.list);
    const ids: string[] = r.status === 200 ? r.body.items.map((e: { id: string }) => e.id) : [];
    for (const target of ['entA', 'entB'] as const) expect(ids.includes(c[target].id)).toBe(want.sees.includes(target));
    if (who.startsWith('ent')) expect(r.body.total).toBe(1);
  });

  it('may set liaisonId only as the bureau', async () => {
    const id = who === 'entB' ? c.entB.id : c.entA.id;
    const r = await t.call('PATCH', `${BASE}/${id}`, {
      token: c.tokens[who],
      body: { liaisonId: bureauLiaisonId, version: await versionOf(id) },
    });
    expect(r.status).toBe(who === 'bureau' ? 200 : 403);
    if (who.startsWith('ent')) expect(r.body.errors).toEqual([expect.objectContaining({ path: 'liaisonId' })]);
  });

  if (who.startsWith('ent')) {
    it('cannot assign a liaison to a foreign enterprise (404, not 403)', async () => {
      const foreign = who === 'entA' ? c.entB.id : c.entA.id;
      expect(
        (
          await t.call('PATCH', `${BASE}/${foreign}`, {
            token: c.tokens[who],
            body: { liaisonId: bureauLiaisonId, version: 1 },
          })
        ).status,
      ).toBe(404);
    });
  }
});

describe('enterprises: concurrency and audit', () => {
  it('lets exactly one of two PATCHes with the same version win', async () => {
    const e = await c.f.enterprise();
    const statuses = await Promise.all(
      ['甲', '乙'].map((s) =>
        t.call('PATCH', `${BASE}/${e.id}`, { body: { contactName: s, version: 1 } }).then((r) => r.status),
      ),
    );
    expect(statuses.sort()).toEqual([200, 409]);
  });

  it('answers 412 to a stale If-Match and 428 without a version', async () => {
    const e = await c.f.enterprise();
    await t.call('PATCH', `${BASE}/${e.id}`, { body: { industry: '软件', version: 1 } });
    expect(
      (await t.call('PATCH', `${BASE}/${e.id}`, { body: { industry: '硬件' }, headers: { 'if-match': '"v1"' } }))
        .status,
    ).toBe(412);
    expect(
      (await t.call('PATCH', `${BASE}/${e.id}`, { body: { industry: '硬件' }, headers: { 'if-match': '"v2"' } }))
        .status,
    ).toBe(200);
    expect((await t.call('PATCH', `${BASE}/${e.id}`, { body: { industry: '硬件' } })).status).toBe(428);
  });

  it('writes an audit row with before/after and an outbox row', async () => {
    const e = await c.f.enterprise();
    await t.call('PATCH', `${BASE}/${e.id}`, { body: { industry: '新材料', version: 1 } });
    const audit = await t.store.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entity', '=', 'enterprise')
      .where('entityId', '=', e.id)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ version: 1, industry: '通用设备制造业' });
    expect(audit[0]!.after).toMatchObject({ version: 2, industry: '新材料' });
    const outbox = await t.store.db
      .selectFrom('outbox')
      .selectAll()
      .where('entity', '=', 'enterprise')
      .where('entityId', '=', e.id)
      .execute();
    expect(outbox.map((o) => o.op)).toEqual(['upsert', 'upsert']);
  });
});
