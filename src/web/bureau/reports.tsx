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
import { type ChartName, CHARTS, isChartName, renderChart } from '../../modules/reports/charts.js';
import { type ReportData, reportDataCache } from '../../modules/reports/report-data.js';
import { reportWorkbookResponse } from '../../modules/reports/workbook.js';
import { narrativeDocx, parseNarrativeText } from '../../modules/reports/docx.js';
import { SECTIONS } from '../../modules/reports/figures.js';
import { enteredFiguresService } from '../../modules/reports/entered.js';
import type { EnteredView } from '../../modules/reports/entered-schemas.js';
import { draftNarrative, percent, type Segment } from '../../modules/reports/narrative.js';
import type { SummaryView } from '../../modules/reports/schemas.js';
import { reportService } from '../../modules/reports/service.js';
import { EmptyState, ErrorSummary, fieldId, Form, Table, withQuery } from '../components/index.js';
import type { WebEnv } from '../env.js';
import { FORM_ERROR, type FormErrors, type RawForm, readForm, rawValue } from '../forms.js';
import { changeContext } from '../query.js';
import { flash, pageError, requireRole } from '../session.js';
import { EnteredFiguresForm, enteredServiceErrors, parseEnteredForm } from './report-entered.js';
import { MarkedNarrative } from './report-narrative.js';

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
type EnteredForm = { status: 409 | 422; errors: FormErrors; raw: RawForm };
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

function ReportPage(p: {
  summary: SummaryView;
  months: Months;
  errors: FormErrors;
  narrative: { title: string; paragraphs: string[]; marked: Segment[][] };
  entered: EnteredView;
  enteredErrors: FormErrors;
  enteredRaw?: RawForm;
}) {
  const { summary, months } = p;
  const q = `from=${months.from}&to=${months.to}`;
  return (
    <>
      <ErrorSummary errors={{ ...p.errors, ...p.enteredErrors }} />
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
      <p>第一行为标题，其后每行一段。数字来自平台记录和下方“平台外数据”的填报；可直接修改后复制或下载 Word 文件。</p>
      <MarkedNarrative title={p.narrative.title} paragraphs={p.narrative.marked} />
      <Form action={`/bureau/reports/narrative.docx?${q}`} class="report-narrative">
        <div class="field">
          <label for="f-text" class="field__label">
            草稿正文
          </label>
          <textarea id="f-text" name="text" rows={18} class="report-narrative__text">
            {[p.narrative.title, ...p.narrative.paragraphs].join('\n')}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit">下载 Word（.docx）</button>
          <button type="button" class="button--secondary" data-copy="#f-text">
            复制正文
          </button>
        </div>
      </Form>

      <EnteredFiguresForm
        action={`/bureau/reports/entered?${q}`}
        view={p.entered}
        errors={p.enteredErrors}
        raw={p.enteredRaw}
      />
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
  const entered = enteredFiguresService(deps);
  const svgs = new WeakMap<ReportData, Map<ChartName, string>>();
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
    return renderReport(c, { period, months, errors });
  });

  async function renderReport(
    c: Context<WebEnv>,
    p: { period: { from: string; to: string }; months: Months; errors: FormErrors; entered?: EnteredForm },
  ) {
    const data = await reports.get(p.period);
    const narrative = draftNarrative(data.summary, data.entered.figures);
    const enteredErrors = p.entered?.errors ?? {};
    const hasErrors = Object.keys(p.errors).length > 0 || Object.keys(enteredErrors).length > 0;
    if (p.entered) c.status(p.entered.status);
    return c.render(
      <ReportPage
        summary={data.summary}
        months={p.months}
        errors={p.errors}
        narrative={narrative}
        entered={data.entered}
        enteredErrors={enteredErrors}
        enteredRaw={p.entered?.raw}
      />,
      { title: '半年报', error: hasErrors },
    );
  }

  // 平台外数据: the whole form is posted; only the figures that changed are recorded (see entered.ts).
  app.post('/bureau/reports/entered', async (c) => {
    const { period, months, errors } = periodOfRequest(c);
    if (Object.keys(errors).length) throw pageError(404);
    const raw = await readForm(c);
    const back = `${withQuery('/bureau/reports', months)}#entered`;
    const version = Number(rawValue(raw, 'version'));
    const form = parseEnteredForm(raw);
    const retry = (status: 409 | 422, errors: FormErrors) =>
      renderReport(c, { period, months, errors: {}, entered: { status, errors, raw } });
    if (Object.keys(form.errors).length) return retry(422, form.errors);
    if (!Number.isInteger(version) || version < 0) return retry(422, { [FORM_ERROR]: '表单已过期，请刷新页面后重试' });
    try {
      await entered.save(changeContext(c), period, { version, figures: form.figures });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code === 'version_conflict')
        return retry(409, { [FORM_ERROR]: '本期的填报刚被他人修改，请刷新页面后再填。' });
      if (err.code === 'validation_failed') return retry(422, enteredServiceErrors(err.errors ?? []));
      throw err;
    }
    flash(c, deps, '已保存填报数字，草稿已采用');
    return c.redirect(back, 303);
  });

  app.get('/bureau/reports/charts/:file', async (c) => {
    const name = c.req.param('file').replace(/\.svg$/, '');
    const { period, errors } = periodOfRequest(c);
    if (!isChartName(name) || Object.keys(errors).length) throw pageError(404);
    const data = await reports.get(period);
    // Drawn once per computation of the period: the next visit before a write reuses the SVG.
    let drawn = svgs.get(data);
    if (!drawn) svgs.set(data, (drawn = new Map()));
    const svg = drawn.get(name) ?? renderChart(name, data);
    drawn.set(name, svg);
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
    if (!title) {
      const data = await reports.get(period);
      ({ title, paragraphs } = draftNarrative(data.summary, data.entered.figures));
    }
    const body = await narrativeDocx(title, paragraphs, shanghaiToday(deps.now()));
    return c.body(new Uint8Array(body), 200, {
      'content-type': DOCX_TYPE,
      'content-disposition': contentDisposition(`工作总结_${period.from}至${period.to}.docx`),
    });
  });

  return app;
}
