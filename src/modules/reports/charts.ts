/**
 * 半年报的图表: the period's figures drawn as SVG on the server with Apache ECharts (SSR, no DOM),
 * so pages show them as <img> (the CSP forbids inline styles) and files can carry them.
 */
import * as echarts from 'echarts';
import type { ReportData } from './report-data.js';
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

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 360;
const FONT = 'Noto Sans CJK SC, Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, sans-serif';

/** The breakdown figures under a key prefix, labelled by the part after "·". */
const breakdown = (s: SummaryView, prefix: string) =>
  s.figures.filter((f) => f.key.startsWith(prefix)).map((f) => ({ name: f.label.split('·').pop()!, value: f.value }));

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

/** The ECharts option of one chart, from the period's report data (no query of its own). */
export function chartOption(name: ChartName, d: ReportData): object {
  const s = d.summary;
  switch (name) {
    case 'domains':
      return bar(CHARTS.domains, breakdown(s, 'problems.domain.'), '项');
    case 'centres':
      return bar(CHARTS.centres, breakdown(s, 'centres.level.'), '个');
    case 'contacts': {
      const data = d.contactsPerMonth;
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
      const data = d.agreementsByType;
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
export function renderSvg(option: object, width = CHART_WIDTH, height = CHART_HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option as echarts.EChartsOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function renderChart(name: ChartName, d: ReportData): string {
  return renderSvg(chartOption(name, d));
}
