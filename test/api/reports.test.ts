/** 工作总结统计: hand-counted figures on a known dataset, Beijing period edges, the previous period, details, the narrative and role checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfYearOf, shanghaiToday } from '../../src/domain/calendar.js';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
const ids: Record<string, string> = {};

const H1 = 'from=2026-01-01&to=2026-06-30';
const H2 = 'from=2026-07-01&to=2026-12-31';
const summary = async (q: string, token?: string) => {
  const r = await t.call('GET', `/api/v1/reports/summary?${q}`, { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
type Fig = { key: string; value: number; previous: number | null; growth: number | null };
const fig = (s: { figures: Fig[] }, key: string) => s.figures.find((f) => f.key === key)!;
const detailIds = async (q: string, key: string) =>
  ((await summary(`${q}&detail=${key}`)).items as { id: string }[]).map((i) => i.id).sort();
const sorted = (...names: string[]) => names.map((n) => ids[n]!).sort();

/** The dataset: see the comments for what falls in H1 2026 and in its previous period, H2 2025. */
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  const b = brokering(t);
  const { db } = t.store;
  const E1 = await c.f.enterprise({
    highTechCertNo: 'GR202433000101',
    highTechCertFrom: '2024-03-01',
    highTechCertTo: '2026-05-31',
  }); // expires in H1
  const E2 = await c.f.enterprise({
    highTechCertNo: 'GR202633000102',
    highTechCertFrom: '2026-02-10',
    highTechCertTo: '2029-02-09',
    techSmeRegNo: '202633010500001',
  }); // new in H1
  const E3 = await c.f.enterprise({ techSmeRegNo: '202633010500002' });
  const E4 = await c.f.enterprise({
    highTechCertNo: 'GR202533000104',
    highTechCertFrom: '2025-08-01',
    highTechCertTo: '2028-07-31',
  }); // new in H2 2025
  const [U1, U2] = [await c.f.university(), await c.f.university()];
  const L1 = await c.f.lab(U1.id);
  Object.assign(ids, { E1: E1.id, E2: E2.id, E3: E3.id, E4: E4.id, U1: U1.id, U2: U2.id });

  const posted: [string, string, string[], string][] = [
    ['P1', E1.id, ['advanced_manufacturing'], '2026-03-10T10:00:00+08:00'],
    ['P2', E2.id, ['advanced_manufacturing', 'new_materials'], '2026-05-20T09:00:00+08:00'],
    ['P3', E1.id, ['biomed'], '2026-06-30T23:30:00+08:00'], // last half hour of H1 in Beijing (15:30 UTC)
    ['P4', E3.id, ['new_materials'], '2026-07-01T00:10:00+08:00'], // first minutes of H2 in Beijing (still 30 June in UTC)
    ['P5', E2.id, ['biomed'], '2025-09-15T10:00:00+08:00'],
  ];
  for (const [name, enterpriseId, domains, at] of posted) {
    const p = await b.publishedProblem(enterpriseId, { domains });
    ids[name] = p.id;
    await db
      .updateTable('problems')
      .set({ postedAt: new Date(at) })
      .where('id', '=', p.id)
      .execute();
  }
  // P1 → matching by an introduction (backdated into H1); P2 → agreed by A1.
  const I1 = await b.introduced(ids.P1!, L1.id);
  await db
    .updateTable('introductions')
    .set({ introducedAt: new Date('2026-04-01T10:00:00+08:00') })
    .where('id', '=', I1.id)
    .execute();

  const contacts: [string, string, string, string][] = [
    ['C1', 'visit', E3.id, '2026-02-01T10:00:00+08:00'],
    ['C2', 'meeting', E1.id, '2026-04-10T14:00:00+08:00'],
    ['C3', 'visit', E1.id, '2026-06-30T23:59:00+08:00'],
    ['C4', 'call', E3.id, '2025-10-10T10:00:00+08:00'],
  ];
  for (const [name, kind, enterpriseId, occurredAt] of contacts)
    ids[name] = (await b.contact(enterpriseId, { kind, occurredAt })).id;

  const A1 = await b.agreement(E2.id, U1.id, {
    type: 'development',
    developmentMode: 'commissioned',
    amountWan: 50,
    signedOn: '2026-03-01',
    problemIds: [ids.P2],
  });
  await b.ok('PATCH', `/api/v1/agreements/${A1.id}`, {
    version: A1.version,
    registeredOn: '2026-03-20',
    registrationNo: '2026330100000001',
  }); // on time
  const A2 = await b.agreement(E1.id, U2.id, { type: 'service', amountWan: 20.5, signedOn: '2026-06-15' });
  await b.ok('PATCH', `/api/v1/agreements/${A2.id}`, {
    version: A2.version,
    registeredOn: '2026-07-20',
    registrationNo: '2026330100000002',
  }); // 35 days: late
  const A3 = await b.agreement(E1.id, U1.id, { type: 'consulting', amountWan: 10, signedOn: '2025-11-01' });
  Object.assign(ids, { A1: A1.id, A2: A2.id, A3: A3.id });

  const K1 = await b.centre(E2.id, U1.id, { kind: 'engineering_centre' });
  await b.ok('PATCH', `/api/v1/centres/${K1.id}`, { version: K1.version, status: 'operating', statusOn: '2026-04-15' });
  const K2 = await b.centre(E1.id, U2.id, { kind: 'rd_centre' });
  const k2a = await b.ok('PATCH', `/api/v1/centres/${K2.id}`, {
    version: K2.version,
    status: 'operating',
    statusOn: '2025-08-01',
  });
  const k2 = await b.ok('PATCH', `/api/v1/centres/${K2.id}`, {
    version: k2a.version,
    status: 'recognized',
    statusOn: '2025-12-01',
  }); // upgrades need recognition
  const up = await t.call('POST', `/api/v1/centres/${K2.id}/level`, {
    body: { version: k2.version, level: 'city', effectiveOn: '2026-05-10' },
  });
  expect(up.status, JSON.stringify(up.body)).toBe(200);
  Object.assign(ids, { K1: K1.id, K2: K2.id });
});
afterAll(() => t.close());

describe('reports: figures of H1 2026 against H2 2025', () => {
  it.each([
    // key, H1 2026, H2 2025, growth
    ['problems.collected', 3, 1, 2],
    ['problems.domain.advanced_manufacturing', 2, 0, null],
    ['problems.domain.new_materials', 1, 0, null],
    ['problems.domain.biomed', 1, 1, 0],
    ['problems.stage.open', 1, 1, 0],
    ['problems.stage.matching', 1, 0, null],
    ['problems.stage.agreed', 1, 0, null],
    ['enterprises.served', 3, 2, 0.5],
    ['contacts.total', 3, 1, 2],
    ['contacts.visits', 2, 0, null],
    ['contacts.kind.meeting', 1, 0, null],
    ['contacts.kind.call', 0, 1, -1],
    ['introductions.made', 1, 0, null],
    ['agreements.signed', 2, 1, 1],
    ['agreements.amountWan', 70.5, 10, 6.05],
    ['agreements.type.development', 1, 0, null],
    ['agreements.type.service', 1, 0, null],
    ['agreements.type.consulting', 0, 1, -1],
    ['agreements.universities', 2, 1, 1],
    ['agreements.enterprises', 2, 1, 1],
    ['agreements.registeredOnTime', 1, 0, null],
    ['centres.established', 1, 1, 0],
    ['centres.upgraded', 1, 0, null],
    ['centres.kind.engineering_centre', 1, 0, null],
    ['centres.kind.rd_centre', 1, 1, 0],
    ['centres.level.district', 1, 0, null],
    ['centres.level.city', 1, 1, 0],
    ['highTech.certified', 2, 2, 0],
    ['highTech.newlyCertified', 1, 1, 0],
    ['highTech.expiring', 1, 0, null],
  ] as const)('%s = %s (previous %s, growth %s)', async (key, value, previous, growth) => {
    const s = await summary(H1);
    expect(s.period).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(s.previousPeriod).toEqual({ from: '2025-07-01', to: '2025-12-31' });
    expect(fig(s, key)).toMatchObject({ value, previous, growth });
  });

  it('counts tech SMEs as of today, with no previous period', async () => {
    expect(fig(await summary(H1), 'techSme.registered')).toMatchObject({ value: 2, previous: null, growth: null });
  });
});

describe('reports: period edges in Beijing time', () => {
  it('a problem posted at 23:30 on 30 June is in H1, one at 00:10 on 1 July in H2', async () => {
    expect(await detailIds(H1, 'problems.collected')).toEqual(sorted('P1', 'P2', 'P3'));
    expect(await detailIds(H2, 'problems.collected')).toEqual(sorted('P4'));
    expect(await detailIds(H1, 'contacts.visits')).toEqual(sorted('C1', 'C3'));
  });

  it('H2 2026 compares with H1 2026', async () => {
    const s = await summary(H2);
    expect(s.previousPeriod).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(fig(s, 'problems.collected')).toMatchObject({ value: 1, previous: 3, growth: -0.6667 });
    expect(fig(s, 'highTech.certified')).toMatchObject({ value: 2, previous: 2 }); // E2 and E4 still valid on 31 Dec
  });

  it('defaults to the current Beijing half-year; a span of days compares with the same number of days before', async () => {
    expect((await summary('')).period).toEqual(halfYearOf(shanghaiToday(new Date())));
    const s = await summary('from=2026-06-21&to=2026-06-30');
    expect(s.previousPeriod).toEqual({ from: '2026-06-11', to: '2026-06-20' });
    expect(fig(s, 'problems.collected').value).toBe(1);
  });

  it.each([
    ['from without to', 'from=2026-01-01'],
    ['from after to', 'from=2026-07-01&to=2026-06-30'],
    ['a bad date', 'from=2026-13-01&to=2026-12-31'],
    ['an unknown figure key', `${H1}&detail=patents.granted`],
  ])('rejects %s with 400', async (_, q) => {
    expect((await t.call('GET', `/api/v1/reports/summary?${q}`)).status).toBe(400);
  });
});

describe('reports: every figure traces to records', () => {
  it.each([
    ['enterprises.served', ['E1', 'E2', 'E3']],
    ['agreements.signed', ['A1', 'A2']],
    ['agreements.registeredOnTime', ['A1']],
    ['agreements.universities', ['U1', 'U2']],
    ['centres.upgraded', ['K2']],
    ['highTech.certified', ['E2', 'E4']],
    ['highTech.expiring', ['E1']],
  ])('%s lists %j', async (key, names) => {
    expect(await detailIds(H1, key)).toEqual(sorted(...names));
  });

  it('of=previous lists the records behind the previous figure', async () => {
    const d = await summary(`${H1}&detail=problems.collected&of=previous`);
    expect(d.period).toEqual({ from: '2025-07-01', to: '2025-12-31' });
    expect(d.items.map((i: { id: string }) => i.id)).toEqual([ids.P5]);
  });

  it('every detail list has as many records as its count figure', async () => {
    const s = await summary(H1);
    for (const f of s.figures.filter((x: { unit: string }) => x.unit !== '万元')) {
      const d = await summary(`${H1}&detail=${f.key}`);
      expect(d.items.length, f.key).toBe(f.value);
    }
  });
});

describe('reports: the drafted narrative', () => {
  it('holds exactly the computed figures and says what is unknown', async () => {
    const r = await t.call('GET', `/api/v1/reports/summary/narrative?${H1}`);
    expect(r.status).toBe(200);
    const text = r.body.paragraphs.join('\n');
    expect(r.body.title).toContain('2026年上半年');
    expect(text).toContain(
      '共征集企业技术难题3项，较上期增长200%，涉及生物与新医药1项、新材料1项、先进制造与自动化2项。截至期末，其中已对接0项、洽谈中0项、已签约1项、已解决0项',
    );
    expect(text).toContain(
      '开展产学研对接活动3次，较上期增长200%，其中上门服务2次，服务企业3家；向企业推荐引荐高校院所实验室1次',
    );
    expect(text).toContain(
      '2所高校院所与我区2家企业签订校企合作协议2项，较上期增长100%，协议金额70.5万元，其中技术开发1项、技术服务1项；按期完成技术合同认定登记1项',
    );
    expect(text).toContain('新建校企共建研发中心1个、升级1个');
    expect(text).toContain('占全市比重（暂无数据）');
    expect(text).not.toContain('**');
    expect(r.body.missing).toEqual(expect.arrayContaining(['highTech.cityShare', 'funds.wonWan', 'patents.granted']));
    // Every number in the text is a figure, a previous value or a growth percentage of the summary.
    const s = await summary(H1);
    const allowed = new Set<number>(
      s.figures.flatMap((f: { value: number; previous: number | null; growth: number | null }) => [
        f.value,
        f.previous ?? f.value,
        f.growth === null ? f.value : Math.round(Math.abs(f.growth) * 1000) / 10,
      ]),
    );
    const numbers = (text.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    expect(numbers.length).toBeGreaterThan(15);
    for (const n of numbers) expect(allowed.has(n), `${n} is not a figure`).toBe(true);
    for (const [key, value] of Object.entries(r.body.figures as Record<string, number | null>)) {
      if (key.startsWith('growth:') || value === null) continue;
      expect(fig(s, key).value, key).toBe(value);
    }
  });
});

describe('reports: only the bureau sees reports', () => {
  it.each(['entA', 'uniX'] as const)('%s gets 403 on every report route', async (who) => {
    for (const path of [
      '/api/v1/reports/summary',
      '/api/v1/reports/summary/narrative',
      '/api/v1/reports/summary/export?format=csv',
    ]) {
      expect((await t.call('GET', path, { token: c.tokens[who] })).status, path).toBe(403);
    }
  });
  it('a bureau user (not only the admin token) reads them', async () => {
    expect(fig(await summary(H1, c.tokens.bureau), 'problems.collected').value).toBe(3);
  });
});
