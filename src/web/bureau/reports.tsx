/**
 * 半年报 (/bureau/reports): the period's figures beside the previous period, each a link to the
 * records behind it (?detail=), ECharts charts served as SVG routes (<img>: the CSP forbids inline
 * styles), the drafted narrative to edit, copy and download as .docx, and the workbook.
 */
import { Hono, type Context } from 'hono';
import { halfYearOf, shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../http/errors.js';
import { contentDisposition } from '../../http/files.js';
import { CHARTS, isChartName, renderChart } from '../../modules/reports/charts.js';
import { reportDataCache } from '../../modules/reports/report-data.js';
import { reportWorkbookResponse } from '../../modules/reports/workbook.js';
import { narrativeDocx, parseNarrativeText } from '../../modules/reports/docx.js';
import { SECTIONS } from '../../modules/reports/figures.js';
import { draftNarrative, percent } from '../../modules/reports/narrative.js';
import type { SummaryView } from '../../modules/reports/schemas.js';
import { reportService } from '../../modules/reports/service.js';
import { EmptyState, ErrorSummary, fieldId, Form, Table, withQuery } from '../components/index.js';
import type { WebEnv } from '../env.js';
import { type FormErrors, readForm, rawValue } from '../forms.js';
import { pageError, requireRole } from '../session.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const lastDay = (ym: string) => {
  const [y, m] = [Number(ym.slice(0, 4)), Number(ym.slice(5, 7))];
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** The period of the URL: whole months `from`–`to` (YYYY-MM); this half-year when both are absent. */
export function periodOf(query: { from?: string; to?: string }, today: string) {
  const errors: FormErrors = {};
  const { from, to } = query;
  if (!from && !to) {
    const half = halfYearOf(today);
    return { period: half, months: { from: half.from.slice(0, 7), to: half.to.slice(0, 7) }, errors };
  }
  if (!from) errors.from = '请填写起始月份';
  else if (!MONTH.test(from)) errors.from = '起始月份须为“年-月”，如 2026-01';
  if (!to) errors.to = '请填写截止月份';
  else if (!MONTH.test(to)) errors.to = '截止月份须为“年-月”，如 2026-06';
  if (!errors.from && !errors.to && from! > to!) errors.from = '起始月份不能晚于截止月份';
  if (Object.keys(errors).length) {
    const half = halfYearOf(today);
    return { period: half, months: { from: half.from.slice(0, 7), to: half.to.slice(0, 7) }, errors };
  }
  return { period: { from: `${from}-01`, to: lastDay(to!) }, months: { from: from!, to: to! }, errors };
}

type Months = { from: string; to: string };
type Figure = SummaryView['figures'][number];

const growthText = (g: number | null) => (g === null ? '—' : g === 0 ? '持平' : `${g > 0 ? '+' : '−'}${percent(g)}%`);

function PeriodPicker({ months, errors }: { months: Months; errors: FormErrors }) {
  const field = (name: 'from' | 'to', label: string) => (
    <div class={errors[name] ? 'field field--error' : 'field'}>
      <label for={fieldId(name)} class="field__label">
        {label}
      </label>
      {errors[name] ? (
        <p id={`${fieldId(name)}-error`} class="field__error">
          <span class="visually-hidden">错误：</span>
          {errors[name]}
        </p>
      ) : null}
      <input
        type="month"
        id={fieldId(name)}
        name={name}
        value={months[name]}
        placeholder="2026-01"
        required
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={errors[name] ? `${fieldId(name)}-error` : undefined}
      />
    </div>
  );
  return (
    <Form action="/bureau/reports" method="get" class="report-period">
      {field('from', '起始月份')}
      {field('to', '截止月份')}
      <div class="actions">
        <button type="submit">查看</button>
      </div>
    </Form>
  );
}

function FiguresTable({ summary, months }: { summary: SummaryView; months: Months }) {
  const link = (f: Figure, of?: 'previous') => withQuery('/bureau/reports', { ...months, detail: f.key, of });
  return (
    <>
      {SECTIONS.map((s) => (
        <Table
          caption={s.label}
          rows={summary.figures.filter((f) => f.section === s.key)}
          columns={[
            { label: '指标', cell: (f) => f.label },
            {
              label: '本期',
              numeric: true,
              cell: (f) => (
                <a href={link(f)} data-figure={f.key}>
                  {f.value}
                  {f.unit}
                </a>
              ),
            },
            {
              label: '上期',
              numeric: true,
              cell: (f) =>
                f.previous === null ? (
                  '—'
                ) : (
                  <a href={link(f, 'previous')}>
                    {f.previous}
                    {f.unit}
                  </a>
                ),
            },
            { label: '增长', numeric: true, cell: (f) => growthText(f.growth) },
          ]}
        />
      ))}
    </>
  );
}

function ReportPage(p: { summary: SummaryView; months: Months; errors: FormErrors; narrative: string }) {
  const { summary, months } = p;
  const q = `from=${months.from}&to=${months.to}`;
  return (
    <>
      <ErrorSummary errors={p.errors} />
      <PeriodPicker months={months} errors={p.errors} />
      <p>
        本期：{summary.period.from} 至 {summary.period.to}；上期：{summary.previousPeriod.from} 至{' '}
        {summary.previousPeriod.to}。 点击数字查看对应记录。
      </p>
      <p class="actions">
        <a class="button button--secondary" href={`/bureau/reports/workbook.xlsx?${q}`} download>
          下载统计表（Excel）
        </a>
      </p>

      <h2>指标</h2>
      <FiguresTable summary={summary} months={months} />

      <h2>图表</h2>
      <div class="report-charts">
        {Object.entries(CHARTS).map(([name, label]) => (
          <figure class="report-chart">
            <img
              src={`/bureau/reports/charts/${name}.svg?${q}`}
              alt={`${label}（${summary.period.from}至${summary.period.to}）`}
              width="640"
              height="360"
              loading="lazy"
            />
            <figcaption>{label}</figcaption>
          </figure>
        ))}
      </div>

      <h2 id="narrative">工作总结草稿</h2>
      <p>第一行为标题，其后每行一段。数字均来自平台记录；可直接修改后复制或下载 Word 文件。</p>
      <Form action={`/bureau/reports/narrative.docx?${q}`} class="report-narrative">
        <div class="field">
          <label for="f-text" class="field__label">
            草稿正文
          </label>
          <textarea id="f-text" name="text" rows={18} class="report-narrative__text">
            {p.narrative}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit">下载 Word（.docx）</button>
          <button type="button" class="button--secondary" data-copy="#f-text">
            复制正文
          </button>
        </div>
      </Form>
    </>
  );
}

function DetailPage(p: { detail: Awaited<ReturnType<ReturnType<typeof reportService>['detail']>>; months: Months }) {
  const d = p.detail;
  return (
    <>
      <p>
        {d.period.from} 至 {d.period.to}：共 {d.value}
        {d.unit}
        {d.unit === '万元' ? `，涉及 ${d.items.length} 条记录` : ''}。
      </p>
      {d.items.length ? (
        <Table
          caption={`${d.label}的记录（${d.items.length} 条）`}
          rows={d.items}
          columns={[
            { label: '名称', cell: (i) => i.name },
            { label: '说明', cell: (i) => i.note ?? '—' },
          ]}
        />
      ) : (
        <EmptyState title="本期没有相关记录" />
      )}
      <p>
        <a href={withQuery('/bureau/reports', p.months)}>返回半年报</a>
      </p>
    </>
  );
}

export function reportPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const svc = reportService(deps);
  // The page and its five chart routes share one computation of the period (see report-data.ts).
  const reports = reportDataCache(deps, svc);
  app.use('/bureau/reports', requireRole('bureau'));
  app.use('/bureau/reports/*', requireRole('bureau'));

  const periodOfRequest = (c: Context<WebEnv>) =>
    periodOf({ from: c.req.query('from') || undefined, to: c.req.query('to') || undefined }, shanghaiToday(deps.now()));

  app.get('/bureau/reports', async (c) => {
    const { period, months, errors } = periodOfRequest(c);
    const detail = c.req.query('detail');
    if (detail && !Object.keys(errors).length) {
      const of = c.req.query('of') === 'previous' ? 'previous' : 'current';
      try {
        const d = await svc.detail(period, detail, of);
        return c.render(<DetailPage detail={d} months={months} />, {
          title: `${d.label}（${d.period.from}至${d.period.to}）`,
        });
      } catch (err) {
        if (err instanceof ApiError) throw pageError(404);
        throw err;
      }
    }
    const { summary } = await reports.get(period);
    const draft = draftNarrative(summary);
    const narrative = [draft.title, ...draft.paragraphs].join('\n');
    const hasErrors = Object.keys(errors).length > 0;
    return c.render(<ReportPage summary={summary} months={months} errors={errors} narrative={narrative} />, {
      title: '半年报',
      error: hasErrors,
    });
  });

  app.get('/bureau/reports/charts/:file', async (c) => {
    const name = c.req.param('file').replace(/\.svg$/, '');
    const { period, errors } = periodOfRequest(c);
    if (!isChartName(name) || Object.keys(errors).length) throw pageError(404);
    const svg = renderChart(name, await reports.get(period));
    return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, no-cache' });
  });

  app.get('/bureau/reports/workbook.xlsx', async (c) => {
    const { period, errors } = periodOfRequest(c);
    if (Object.keys(errors).length) throw pageError(404);
    return reportWorkbookResponse(await reports.get(period));
  });

  // POST: the download takes the officer's edited text from the form, not a fresh draft.
  app.post('/bureau/reports/narrative.docx', async (c) => {
    const { period } = periodOfRequest(c);
    const raw = await readForm(c);
    let { title, paragraphs } = parseNarrativeText(rawValue(raw, 'text'));
    if (!title) ({ title, paragraphs } = draftNarrative((await reports.get(period)).summary));
    const body = await narrativeDocx(title, paragraphs, shanghaiToday(deps.now()));
    return c.body(new Uint8Array(body), 200, {
      'content-type': DOCX_TYPE,
      'content-disposition': contentDisposition(`工作总结_${period.from}至${period.to}.docx`),
    });
  });

  return app;
}
