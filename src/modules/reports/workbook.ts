/**
 * The report's workbook: one sheet per section of figures (as the API's export always had) and a
 * 图表 sheet with the five charts as PNG images, each under its title. Built in memory: a summary
 * is a few dozen rows and five images, so exceljs's full Workbook (which can hold images; its
 * streaming writer cannot) costs little.
 */
import ExcelJS from 'exceljs';
import { contentDisposition, sheetName, XLSX_TYPE } from '../../http/files.js';
import { svgToPng } from './chart-png.js';
import { CHART_HEIGHT, CHART_WIDTH, CHARTS, type ChartName, renderChart } from './charts.js';
import { SECTIONS } from './figures.js';
import { percent } from './narrative.js';
import type { ReportData } from './report-data.js';
import type { SummaryView } from './schemas.js';

export const FIGURE_HEADERS = ['指标', '单位', '本期', '上期', '增长率（%）', '指标键'];
export const CHART_SHEET = '图表';

export const figureRow = (f: SummaryView['figures'][number]) => [
  f.label,
  f.unit,
  f.value,
  f.previous,
  f.growth === null ? null : Math.sign(f.growth) * percent(f.growth),
  f.key,
];

/** Rows a chart takes on the 图表 sheet: its title row, the image (about 20 px a row), a gap. */
const ROWS_PER_CHART = 1 + Math.ceil(CHART_HEIGHT / 20) + 2;

export async function reportWorkbook(data: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '产学研对接平台';
  for (const s of SECTIONS) {
    const ws = wb.addWorksheet(sheetName(s.label));
    ws.addRow(FIGURE_HEADERS);
    for (const f of data.summary.figures.filter((f) => f.section === s.key))
      ws.addRow(figureRow(f).map((v) => v ?? ''));
  }
  const charts = wb.addWorksheet(CHART_SHEET);
  const { from, to } = data.summary.period;
  (Object.keys(CHARTS) as ChartName[]).forEach((name, i) => {
    const top = i * ROWS_PER_CHART;
    charts.getCell(top + 1, 1).value = `${CHARTS[name]}（${from}至${to}）`;
    const png = svgToPng(renderChart(name, data), CHART_WIDTH, CHART_HEIGHT);
    const id = wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' });
    charts.addImage(id, { tl: { col: 0, row: top + 1 }, ext: { width: CHART_WIDTH, height: CHART_HEIGHT } });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function reportWorkbookResponse(data: ReportData): Promise<Response> {
  const { from, to } = data.summary.period;
  return new Response(new Uint8Array(await reportWorkbook(data)), {
    status: 200,
    headers: {
      'content-type': XLSX_TYPE,
      'content-disposition': contentDisposition(`工作总结统计_${from}至${to}.xlsx`),
      'cache-control': 'no-store',
    },
  });
}
