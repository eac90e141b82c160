/**
 * 半年报的图表: the period's figures drawn as SVG on the server with Apache ECharts (SSR, no DOM),
 * so pages show them as <img> (the CSP forbids inline styles) and files can carry them.
 */
import * as echarts from 'echarts';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/tables.js';
import { AGREEMENT_TYPE_LABELS, AGREEMENT_TYPES } from '../../domain/agreements.js';
import { bounds } from './figures.js';
import * as repo from './repository.js';
import type { SummaryView } from './schemas.js';

export const CHARTS = {
  domains: '技术难题按领域',
  funnel: '技术难题阶段漏斗',
  agreements: '合作协议数量与金额（按类型）',
  contacts: '对接活动（按月）',
  centres: '新建或升级研发中心（按级别）',
} as const;
export type ChartName = keyof typeof CHARTS;
export const isChartName = (s: string): s is ChartName => Object.hasOwn(CHARTS, s);

const WIDTH = 640;
const HEIGHT = 360;
const FONT = 'Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif';

/** The breakdown figures under a key prefix, labelled by the part after "·". */
const breakdown = (s: SummaryView, prefix: string) =>
  s.figures.filter((f) => f.key.startsWith(prefix)).map((f) => ({ name: f.label.split('·').pop()!, value: f.value }));

/** Months of the period (YYYY-MM), in order. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const ym = `${y}-${String(m).padStart(2, '0')}`;
    out.push(ym);
    if (ym >= last || out.length > 240) return out;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

/** Contacts per Beijing month of the period (months without any read 0). */
export async function contactsPerMonth(db: Kysely<Database>, from: string, to: string) {
  const p = bounds(from, to);
  const month = sql<string>`to_char(${sql.ref('contacts.occurredAt')} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  const rows = await db
    .selectFrom('contacts')
    .where('contacts.deletedAt', 'is', null)
    .where('contacts.occurredAt', '>=', p.start)
    .where('contacts.occurredAt', '<', p.end)
    .select([month.as('month'), sql<number>`count(*)::int`.as('n')])
    .groupBy(month)
    .execute();
  const byMonth = new Map(rows.map((r) => [r.month, r.n]));
  return monthsOf(from, to).map((m) => ({ month: m, value: byMonth.get(m) ?? 0 }));
}

/** Agreements signed in the period: count and amount (万元) per type. */
export async function agreementsByType(db: Kysely<Database>, from: string, to: string) {
  const rows = await repo.agreementsSigned(db, bounds(from, to));
  return AGREEMENT_TYPES.map((t) => {
    const of = rows.filter((r) => r.type === t);
    const amount = Math.round(of.reduce((sum, r) => sum + (r.amountWan ?? 0), 0) * 100) / 100;
    return { name: AGREEMENT_TYPE_LABELS[t], count: of.length, amount };
  });
}

const base = (title: string) => ({
  animation: false,
  textStyle: { fontFamily: FONT },
  title: { text: title, left: 'center', textStyle: { fontSize: 15 } },
  grid: { left: 56, right: 56, top: 56, bottom: 64, containLabel: true },
});

const bar = (title: string, data: { name: string; value: number }[], unit: string) => ({
  ...base(title),
  xAxis: {
    type: 'category',
    data: data.map((d) => d.name),
    axisLabel: { interval: 0, rotate: data.length > 6 ? 30 : 0 },
  },
  yAxis: { type: 'value', name: unit, minInterval: 1 },
  series: [{ type: 'bar', data: data.map((d) => d.value), label: { show: true, position: 'top' }, color: '#1d70b8' }],
});

/** The ECharts option of one chart. */
export async function chartOption(db: Kysely<Database>, name: ChartName, s: SummaryView): Promise<object> {
  const { from, to } = s.period;
  switch (name) {
    case 'domains':
      return bar(CHARTS.domains, breakdown(s, 'problems.domain.'), '项');
    case 'centres':
      return bar(CHARTS.centres, breakdown(s, 'centres.level.'), '个');
    case 'contacts': {
      const data = await contactsPerMonth(db, from, to);
      return bar(
        CHARTS.contacts,
        data.map((d) => ({ name: d.month, value: d.value })),
        '次',
      );
    }
    case 'funnel': {
      const data = breakdown(s, 'problems.stage.').map((d) => ({ ...d, name: d.name.replace(/^期末/, '') }));
      return {
        ...base(CHARTS.funnel),
        series: [
          {
            type: 'funnel',
            sort: 'none',
            top: 56,
            bottom: 16,
            minSize: '8%',
            data,
            label: { formatter: '{b}：{c}项' },
          },
        ],
      };
    }
    case 'agreements': {
      const data = await agreementsByType(db, from, to);
      return {
        ...base(CHARTS.agreements),
        legend: { bottom: 0, data: ['协议数（项）', '金额（万元）'] },
        xAxis: { type: 'category', data: data.map((d) => d.name) },
        yAxis: [
          { type: 'value', name: '项', minInterval: 1 },
          { type: 'value', name: '万元' },
        ],
        series: [
          { name: '协议数（项）', type: 'bar', data: data.map((d) => d.count), label: { show: true, position: 'top' } },
          {
            name: '金额（万元）',
            type: 'bar',
            yAxisIndex: 1,
            data: data.map((d) => d.amount),
            label: { show: true, position: 'top' },
          },
        ],
        color: ['#1d70b8', '#f47738'],
      };
    }
  }
}

/** Renders an option to a standalone SVG document. */
export function renderSvg(option: object, width = WIDTH, height = HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option as echarts.EChartsOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export async function renderChart(db: Kysely<Database>, name: ChartName, s: SummaryView): Promise<string> {
  return renderSvg(await chartOption(db, name, s));
}
