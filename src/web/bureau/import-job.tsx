/**
 * One import job (`/bureau/imports/:id`): the dry-run table — each row's fate (新增 / 更新 / 无变化 /
 * 拒绝; after the run, what the run did) with a filter by fate in the URL, and for rejected rows the
 * column, field and reason — the rejected rows as XLSX, and the status panel (run, live progress,
 * cancel, result). Every action goes through the imports service, as the API's do.
 */
import { type Context, Hono } from 'hono';
import { RequestContext } from 'hono/jsx-renderer';
import { z } from 'zod';
import type { RowError } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../http/errors.js';
import { xlsxResponse } from '../../http/files.js';
import { rowReportName, rowReportSheet } from '../../modules/imports/row-report.js';
import { FATE_LABELS, type ImportJobView, type ImportRowView, RowFate } from '../../modules/imports/schemas.js';
import { importService } from '../../modules/imports/service.js';
import { Badge, EmptyState, Pager, Table, type Tone, withQuery } from '../components/index.js';
import type { WebEnv } from '../env.js';
import { idParam, isUuid } from '../ids.js';
import { flash, pageError } from '../session.js';
import { ImportStatusPanel } from './import-progress.js';
import { IMPORTS_BASE } from './imports.js';
import { dateTime, QueryErrors, readQuery } from './shared.js';

const ROWS_PER_PAGE = 50;
const FATES = RowFate.options;
const FATE_TONES: Record<(typeof FATES)[number], Tone> = {
  created: 'success',
  updated: 'info',
  unchanged: 'neutral',
  rejected: 'danger',
};

const RowsFilter = z.object({
  fate: RowFate.optional(),
  cursor: z.string().max(2000).optional(),
});

const jobId = (c: Context<WebEnv>) => {
  const id = c.req.param('id') ?? '';
  if (!isUuid(id)) throw pageError(404);
  return id;
};

/** After the run the table shows (and filters by) what the run did; before it, the dry run's plan. */
const ran = (job: ImportJobView) => job.status === 'completed';
const fateOf = (job: ImportJobView, row: ImportRowView) => (ran(job) && row.fate ? row.fate : row.planned);

function ErrorList({ errors }: { errors: RowError[] }) {
  if (!errors.length) return <>—</>;
  return (
    <ul class="row-errors">
      {errors.map((e) => (
        <li>
          {e.column ? <strong>{e.column}</strong> : null}
          {e.field ? <span class="muted">（字段 {e.field}）</span> : null}
          {e.column || e.field ? '：' : ''}
          {e.message}
        </li>
      ))}
    </ul>
  );
}

function FateTabs({ job, current, path }: { job: ImportJobView; current?: string; path: string }) {
  const counts = ran(job) ? job.result : job.planned;
  return (
    <nav class="fate-filter" aria-label="按结果筛选">
      <a href={withQuery(path, { fate: undefined, cursor: undefined })} aria-current={!current ? 'page' : undefined}>
        全部（{job.total}）
      </a>
      {FATES.map((f) => (
        <a href={withQuery(path, { fate: f, cursor: undefined })} aria-current={current === f ? 'page' : undefined}>
          {FATE_LABELS[f]}（{counts[f]}）
        </a>
      ))}
    </nav>
  );
}

/** A few cells of the row as written, so the officer recognises it. */
const firstCells = (job: ImportJobView, row: ImportRowView) =>
  job.columns
    .slice(0, 2)
    .map((col) => row.cells[col.header])
    .filter((v) => v !== undefined && v !== null && v !== '')
    .map(String)
    .join(' · ') || '—';

export function importJobPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const svc = importService(deps);
  const ID = idParam();

  app.get(`${IMPORTS_BASE}/${ID}`, async (c) => {
    const job = await svc.get(jobId(c));
    const { values, errors } = readQuery(c, RowsFilter);
    const filter = values.fate ? { [ran(job) ? 'fate' : 'planned']: [values.fate] } : {};
    const rows = await svc.rows(job.id, { limit: ROWS_PER_PAGE, cursor: values.cursor, ...filter } as never);
    const url = new URL(c.req.url);
    const path = url.pathname + url.search;
    const rejected = ran(job) ? job.result.rejected : job.planned.rejected;
    return c.render(
      <>
        <p class="lead">
          {job.kindLabel} · {job.fileName} · {job.format.toUpperCase()} · {job.createdBy.name} 于{' '}
          {dateTime(job.createdAt)} 上传 · <a href={IMPORTS_BASE}>返回导入记录</a>
        </p>
        {job.ignoredColumns.length ? (
          <p class="notice notice--warning">未识别、不会导入的列：{job.ignoredColumns.join('、')}</p>
        ) : null}
        <ImportStatusPanel job={job} />
        <section aria-labelledby="rows-title">
          <h2 id="rows-title">{ran(job) ? '逐行结果' : '预检结果'}</h2>
          <QueryErrors errors={errors} />
          <FateTabs job={job} current={values.fate} path={path} />
          {rejected ? (
            <p>
              <a href={`${IMPORTS_BASE}/${job.id}/rejected.xlsx`} download>
                下载被拒绝的 {rejected} 行（XLSX）
              </a>
              ：原表各列前加上行号与原因，改正后可重新上传。
            </p>
          ) : null}
          {rows.items.length ? (
            <Table
              caption={`${values.fate ? FATE_LABELS[values.fate] : '全部'}的行`}
              captionHidden
              rows={rows.items}
              columns={[
                { label: '行号', numeric: true, cell: (r) => r.rowNo },
                { label: '内容', cell: (r) => firstCells(job, r) },
                {
                  label: '结果',
                  cell: (r) => {
                    const fate = fateOf(job, r);
                    return <Badge text={FATE_LABELS[fate]} tone={FATE_TONES[fate]} />;
                  },
                },
                { label: '列、字段与原因', cell: (r) => <ErrorList errors={r.errors} /> },
                {
                  label: '记录',
                  cell: (r) =>
                    r.recordId && job.kind === 'problems' ? (
                      <a href={`/bureau/problems/${r.recordId}`}>查看</a>
                    ) : r.recordId ? (
                      '已写入'
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          ) : (
            <EmptyState title={values.fate ? `没有结果为“${FATE_LABELS[values.fate]}”的行` : '文件中没有数据行'}>
              <p>
                {values.fate ? (
                  <a href={withQuery(path, { fate: undefined, cursor: undefined })}>查看全部行</a>
                ) : (
                  <a href={IMPORTS_BASE}>重新上传</a>
                )}
              </p>
            </EmptyState>
          )}
          <Pager
            total={rows.total}
            shown={rows.items.length}
            nextHref={rows.nextCursor ? withQuery(path, { cursor: rows.nextCursor }) : undefined}
          />
        </section>
      </>,
      { title: `导入：${job.fileName}` },
    );
  });

  // The status panel alone, for htmx's polling (no layout).
  app.get(`${IMPORTS_BASE}/${ID}/progress`, async (c) => {
    const job = await svc.get(jobId(c));
    c.header('Cache-Control', 'no-store');
    // Its forms carry the CSRF token, which they read from the request context.
    return c.html(
      <RequestContext.Provider value={c}>
        <ImportStatusPanel job={job} />
      </RequestContext.Provider>,
    );
  });

  app.get(`${IMPORTS_BASE}/${ID}/rejected.xlsx`, async (c) => {
    const job = await svc.job(jobId(c));
    return xlsxResponse(
      [rowReportSheet(deps.db, job, { rejectedOnly: true })],
      rowReportName(job, { rejectedOnly: true }),
    );
  });

  const act = (name: 'run' | 'cancel', done: string) =>
    app.post(`${IMPORTS_BASE}/${ID}/${name}`, async (c) => {
      const id = jobId(c);
      try {
        if (name === 'run') await svc.run(id);
        else await svc.cancel(id);
        flash(c, deps, done);
      } catch (err) {
        // Already running, completed or cancelled (another officer, another tab): say so on the job page.
        if (!(err instanceof ApiError) || err.code !== 'conflict') throw err;
        flash(c, deps, err.detail ?? err.message);
      }
      return c.redirect(`${IMPORTS_BASE}/${id}`, 303);
    });
  act('run', '已开始导入');
  act('cancel', '已取消本次导入');

  return app;
}
