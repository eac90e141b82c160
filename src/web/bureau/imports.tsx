/**
 * 导入 (`/bureau/imports`): upload a CSV or XLSX for one import target (enterprises, universities,
 * labs, problems) — validated here for kind, type and size, then read and checked by the imports
 * service's dry run, which writes nothing but the job — and the past import jobs with their status.
 * Each target offers its blank template. The job itself (dry-run table, run, progress, cancel,
 * result) is `import-job.tsx`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { shanghaiToday } from '../../domain/calendar.js';
import { ApiError } from '../../http/errors.js';
import { xlsxResponse } from '../../http/files.js';
import { readUpload } from '../../modules/imports/upload.js';
import { templateName, templateSheet } from '../../modules/imports/row-report.js';
import {
  ImportKind,
  type ImportJobView,
  JobsQuery,
  KIND_LABELS,
  STATUS_LABELS,
} from '../../modules/imports/schemas.js';
import { importService } from '../../modules/imports/service.js';
import { IMPORT_KINDS } from '../../modules/imports/targets/index.js';
import { EmptyState, ErrorSummary, Form, FormField, Pager, Table, withQuery } from '../components/index.js';
import { describedBy, fieldId } from '../components/form.js';
import type { WebEnv } from '../env.js';
import { type FormErrors, parseForm, serviceErrors } from '../forms.js';
import { pageQuery } from '../query.js';
import { flash, pageError } from '../session.js';
import { ImportStatusBadge } from './import-progress.js';
import { changeCtx, dateTime, type PageContext, QueryErrors } from './shared.js';

export const IMPORTS_BASE = '/bureau/imports';
const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
const TYPE_MESSAGE = '请上传 .xlsx 或 .csv 文件（旧版 .xls 请先在 Excel 中另存为 .xlsx）';

/** The form's own field; the file is read by the imports module's `readUpload`. */
const UploadForm = z.object({ kind: z.enum(IMPORT_KINDS, { message: '请选择要导入的类型' }) });

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** What the upload's kind, name and size must be before the dry run reads it. */
export function checkFile(file: { fileName?: string; bytes: Uint8Array }, limit: number): string | undefined {
  if (!file.fileName || !/\.(xlsx|csv)$/i.test(file.fileName)) return TYPE_MESSAGE;
  if (file.bytes.length > limit) return `文件过大：不得超过 ${mb(limit)}，请拆分后分别导入`;
  return undefined;
}

function UploadSection({ kind, errors, limit }: { kind?: string; errors: FormErrors; limit: number }) {
  return (
    <section aria-labelledby="upload-title">
      <h2 id="upload-title">上传表格</h2>
      <ErrorSummary errors={errors} />
      <Form action={IMPORTS_BASE} class="form" enctype="multipart/form-data">
        <FormField name="kind" label="导入什么" error={errors.kind} required>
          <select
            id={fieldId('kind')}
            name="kind"
            aria-describedby={describedBy('kind', undefined, errors.kind)}
            aria-invalid={errors.kind ? 'true' : undefined}
          >
            <option value="">请选择</option>
            {IMPORT_KINDS.map((k) => (
              <option value={k} selected={k === kind}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          name="file"
          label="表格文件"
          hint={`XLSX 或 CSV（UTF-8 或 GBK），不超过 ${mb(limit)}；表头可用模板中的中文列名。上传后先预检，不会写入。`}
          error={errors.file}
          required
        >
          <input
            id={fieldId('file')}
            name="file"
            type="file"
            accept={ACCEPT}
            aria-describedby={describedBy('file', true, errors.file)}
            aria-invalid={errors.file ? 'true' : undefined}
          />
        </FormField>
        <div class="actions">
          <button type="submit">上传并预检</button>
        </div>
      </Form>
      <p class="muted">
        空白模板：
        {IMPORT_KINDS.map((k, i) => (
          <>
            {i ? '、' : ''}
            <a href={`${IMPORTS_BASE}/templates/${k}.xlsx`} download>
              {KIND_LABELS[k]}
            </a>
          </>
        ))}
        （XLSX，只有表头）
      </p>
    </section>
  );
}

function JobsSection({
  c,
  jobs,
  total,
  next,
}: {
  c: PageContext;
  jobs: ImportJobView[];
  total: number;
  next?: string;
}) {
  const query = c.req.query();
  return (
    <section aria-labelledby="jobs-title">
      <h2 id="jobs-title">导入记录</h2>
      <Form action={IMPORTS_BASE} method="get" class="filter-bar">
        <div class="field">
          <label for="q-kind" class="field__label">
            类型
          </label>
          <select id="q-kind" name="kind">
            <option value="">全部</option>
            {IMPORT_KINDS.map((k) => (
              <option value={k} selected={query.kind === k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="q-status" class="field__label">
            状态
          </label>
          <select id="q-status" name="status">
            <option value="">全部</option>
            {Object.entries(STATUS_LABELS).map(([s, label]) => (
              <option value={s} selected={query.status === s}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="button--secondary">
            筛选
          </button>
        </div>
      </Form>
      {jobs.length ? (
        <Table
          caption="导入记录"
          captionHidden
          rows={jobs}
          columns={[
            { label: '文件', cell: (j) => <a href={`${IMPORTS_BASE}/${j.id}`}>{j.fileName}</a> },
            { label: '类型', cell: (j) => j.kindLabel },
            { label: '状态', cell: (j) => <ImportStatusBadge job={j} /> },
            { label: '行数', numeric: true, cell: (j) => j.total },
            { label: '拒绝', numeric: true, cell: (j) => j.errors },
            { label: '上传人', cell: (j) => j.createdBy.name },
            { label: '上传时间', cell: (j) => dateTime(j.createdAt) },
          ]}
        />
      ) : (
        <EmptyState title="还没有符合条件的导入记录">
          <p>在上方选择要导入的类型并上传 XLSX 或 CSV 表格；没有现成的表格时，先下载对应的空白模板，按列填好后上传。</p>
        </EmptyState>
      )}
      <Pager total={total} shown={jobs.length} nextHref={next} />
    </section>
  );
}

export function importPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const svc = importService(deps);
  const limit = deps.config.importLimit;

  async function render(c: PageContext, form: { kind?: string; errors?: FormErrors } = {}) {
    const { values, errors: queryErrors } = pageQuery(c, JobsQuery);
    const page = await svc.list({ ...values, limit: 20 });
    const url = new URL(c.req.url);
    const next = page.nextCursor ? withQuery(url.pathname + url.search, { cursor: page.nextCursor }) : undefined;
    const errors = form.errors ?? {};
    return c.render(
      <>
        <p class="lead">
          把企业、高校/院所、实验室或技术难题的表格导入平台：先预检，逐行看清哪些会新增、更新、无变化或被拒绝（列名与原因），确认后再导入。
        </p>
        <QueryErrors errors={queryErrors} />
        <UploadSection kind={form.kind ?? c.req.query('kind')} errors={errors} limit={limit} />
        <JobsSection c={c} jobs={page.items} total={page.total} next={next} />
      </>,
      { title: '导入', error: Object.keys(errors).length > 0 },
    );
  }

  app.get(IMPORTS_BASE, (c) => render(c));

  app.post(IMPORTS_BASE, async (c) => {
    const form = await parseForm(c, UploadForm);
    const kind = typeof form.raw.kind === 'string' ? form.raw.kind : undefined;
    const errors: FormErrors = form.ok ? {} : { ...form.errors };
    let file: Awaited<ReturnType<typeof readUpload>> | undefined;
    try {
      file = await readUpload(c as never);
    } catch (err) {
      const fields = serviceErrors(err);
      if (fields) Object.assign(errors, fields);
      else if (err instanceof ApiError) errors.file = '请选择要导入的 XLSX 或 CSV 文件';
      else throw err;
    }
    if (file && !errors.file) {
      const problem = checkFile(file, limit);
      if (problem) errors.file = problem;
    }
    if (!form.ok || Object.keys(errors).length || !file) return render(c, { kind, errors });
    try {
      const job = await svc.preview(changeCtx(c), {
        kind: form.values.kind,
        fileName: file.fileName!,
        bytes: file.bytes,
      });
      flash(c, deps, `预检完成：共 ${job.total} 行，其中 ${job.planned.rejected} 行被拒绝`);
      return c.redirect(`${IMPORTS_BASE}/${job.id}`, 303);
    } catch (err) {
      // The file itself is wrong (not a spreadsheet, too many rows, no header, bounds of a hostile XLSX …).
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      return render(c, { kind, errors: { file: err.detail ?? err.message } });
    }
  });

  app.get(`${IMPORTS_BASE}/templates/:file{[a-z]+\\.xlsx}`, (c) => {
    const parsed = ImportKind.safeParse(c.req.param('file').replace(/\.xlsx$/, ''));
    if (!parsed.success) throw pageError(404);
    return xlsxResponse([templateSheet(parsed.data)], templateName(parsed.data, shanghaiToday(deps.now())));
  });

  return app;
}
