/**
 * 填报指标: the bureau enters, per period, the figures the platform does not record; each change is
 * kept (history and audit rows), validated with field paths, guarded by the period's version, and the
 * narrative uses the figures instead of "（暂无数据）".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { cast } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
const H1 = 'from=2026-01-01&to=2026-06-30';
const PATH = `/api/v1/reports/entered-figures?${H1}`;
const patents = { value: 12, source: '区市场监管局统计', sourceDate: '2026-07-05' };

beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
});
afterAll(() => t.close());

const patch = (body: unknown, token?: string) => t.call('PATCH', PATH, { body, ...(token ? { token } : {}) });

describe('entered figures', () => {
  it('starts empty, with every figure listed and the narrative saying what is unknown', async () => {
    const r = await t.call('GET', PATH);
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(0);
    expect(r.body.figures.map((f: { key: string }) => f.key)).toContain('patents.granted');
    expect(r.body.figures.every((f: { value: unknown }) => f.value === null)).toBe(true);
    const n = await t.call('GET', `/api/v1/reports/summary/narrative?${H1}`);
    expect(n.body.paragraphs.join('')).toContain('授权（暂无数据）');
    expect(n.body.missing).toEqual(expect.arrayContaining(['patents.granted', 'funds.wonWan', 'highTech.cityShare']));
  });

  it('saves figures with source and date, keeps each change as history and an audit row', async () => {
    const first = await patch({
      version: 0,
      figures: {
        'patents.granted': patents,
        'funds.wonWan': { value: 350.5, source: '市科技局立项通知', sourceDate: '2026-06-30' },
        'highTech.cityTotal': { value: 200, source: '市科技局公布', sourceDate: '2026-06-30' },
      },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.version).toBe(3);
    const granted = first.body.figures.find((f: { key: string }) => f.key === 'patents.granted');
    expect(granted).toMatchObject({ ...patents, label: '专利授权量', unit: '件', enteredBy: expect.any(String) });

    // The same value again records nothing; a changed one adds a row; null clears.
    const second = await patch({
      version: 3,
      figures: {
        'patents.granted': { ...patents, value: 13 },
        'funds.wonWan': null,
        'highTech.cityTotal': { value: 200, source: '市科技局公布', sourceDate: '2026-06-30' },
      },
    });
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(5);
    expect(second.body.figures.find((f: { key: string }) => f.key === 'funds.wonWan').value).toBeNull();
    expect(
      second.body.history
        .filter((h: { key: string }) => h.key === 'patents.granted')
        .map((h: { value: number }) => h.value),
    ).toEqual([13, 12]);
    const audit = await t.deps.db
      .selectFrom('auditLog')
      .select(['action', 'entityId', 'after'])
      .where('entity', '=', 'report_entered_figure')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([
      ['create', '2026-01-01..2026-06-30:patents.granted'],
      ['create', '2026-01-01..2026-06-30:funds.wonWan'],
      ['create', '2026-01-01..2026-06-30:highTech.cityTotal'],
      ['update', '2026-01-01..2026-06-30:patents.granted'],
      ['delete', '2026-01-01..2026-06-30:funds.wonWan'],
    ]);
    expect(audit[3]!.after).toMatchObject({ value: 13, source: '区市场监管局统计', sourceDate: '2026-07-05' });

    // Entered figures belong to their period only.
    const h2 = await t.call('GET', '/api/v1/reports/entered-figures?from=2026-07-01&to=2026-12-31');
    expect(h2.body.version).toBe(0);
  });

  it('the narrative uses them (and the share of the city) instead of “（暂无数据）”', async () => {
    const n = await t.call('GET', `/api/v1/reports/summary/narrative?${H1}`);
    const text = n.body.paragraphs.join('\n');
    expect(text).toContain('授权13件');
    expect(text).toContain('争取各级科技项目资金（暂无数据）'); // cleared above
    const summary = await t.call('GET', `/api/v1/reports/summary?${H1}`);
    const certified = summary.body.figures.find((f: { key: string }) => f.key === 'highTech.certified').value;
    expect(text).toContain(`占全市比重${Math.round((certified / 200) * 1000) / 10}%`);
    expect(n.body.figures['patents.granted']).toBe(13);
    expect(n.body.missing).not.toContain('patents.granted');
    expect(n.body).not.toHaveProperty('marked');
  });

  it('refuses a stale version with 409 and records nothing', async () => {
    const r = await patch({ version: 1, figures: { 'patents.applied': { ...patents, value: 30 } } });
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toContain('problem+json');
    expect((await t.call('GET', PATH)).body.version).toBe(5);
  });

  it.each([
    [
      'a negative value',
      { 'patents.applied': { ...patents, value: -1 } },
      'figures.patents.applied.value',
      '不能为负数',
    ],
    [
      'a fraction of a patent',
      { 'patents.applied': { ...patents, value: 1.5 } },
      'figures.patents.applied.value',
      '须为整数',
    ],
    [
      'three decimals of 万元',
      { 'funds.wonWan': { ...patents, value: 1.234 } },
      'figures.funds.wonWan.value',
      '最多 2 位小数',
    ],
    [
      'a missing source',
      { 'patents.applied': { value: 3, sourceDate: '2026-06-30' } },
      'figures.patents.applied.source',
      '',
    ],
    [
      'an empty source',
      { 'patents.applied': { ...patents, source: '  ' } },
      'figures.patents.applied.source',
      '来源不能为空',
    ],
    [
      'a bad date',
      { 'patents.applied': { ...patents, sourceDate: '2026-02-30' } },
      'figures.patents.applied.sourceDate',
      '',
    ],
    [
      'a date in the future',
      { 'patents.applied': { ...patents, sourceDate: '2099-01-01' } },
      'figures.patents.applied.sourceDate',
      '',
    ],
    ['an unknown figure', { 'patents.bogus': patents }, 'figures', ''],
    ['a number as text', { 'patents.applied': { ...patents, value: '12' } }, 'figures.patents.applied.value', ''],
  ])('answers 422 with the field for %s', async (_, figures, path, message) => {
    const r = await patch({ version: 5, figures });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.type).toMatch(/validation_failed/);
    const err = r.body.errors.find((e: { path: string }) => e.path.startsWith(path));
    expect(err, JSON.stringify(r.body.errors)).toBeDefined();
    if (message) expect(err.message).toContain(message);
    expect((await t.call('GET', PATH)).body.version).toBe(5);
  });

  it('checks the period like the summary does', async () => {
    const r = await t.call('GET', '/api/v1/reports/entered-figures?from=2026-06-30&to=2026-01-01');
    expect(r.status).toBe(400);
  });

  it.each(['entA', 'uniX'] as const)('%s gets 403 on both routes', async (who) => {
    expect((await t.call('GET', PATH, { token: c.tokens[who] })).status).toBe(403);
    expect((await patch({ version: 5, figures: {} }, c.tokens[who])).status).toBe(403);
  });
});
