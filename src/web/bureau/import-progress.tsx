/**
 * An import job's status panel: before the run its buttons (开始导入 / 取消), while it runs a
 * progress bar that htmx refreshes every second from `/bureau/imports/:id/progress` (the panel
 * replaces itself, and stops polling once the job is done), and after it the result with links to
 * the records. The job page renders the same panel in place.
 */
import type { ImportJobView } from '../../modules/imports/schemas.js';
import { Badge, Form, type Tone } from '../components/index.js';

const BASE = '/bureau/imports';

const TONES: Record<ImportJobView['status'], Tone> = {
  previewed: 'info',
  queued: 'info',
  running: 'info',
  completed: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

/** Where the records of each kind are listed on the workbench. */
export const RECORDS_HREF: Record<ImportJobView['kind'], string> = {
  enterprises: '/bureau/directory/enterprises',
  universities: '/bureau/directory/universities',
  labs: '/bureau/directory/labs',
  problems: '/bureau/pipeline?view=table',
};

export const isActive = (job: ImportJobView) => job.status === 'queued' || job.status === 'running';

export function ImportStatusBadge({ job }: { job: ImportJobView }) {
  return <Badge text={job.statusLabel} tone={TONES[job.status]} />;
}

function Counts({ counts, label }: { counts: ImportJobView['result']; label: string }) {
  return (
    <dl class="facts import-counts" aria-label={label}>
      <dt>新增</dt>
      <dd data-count="created">{counts.created}</dd>
      <dt>更新</dt>
      <dd data-count="updated">{counts.updated}</dd>
      <dt>无变化</dt>
      <dd data-count="unchanged">{counts.unchanged}</dd>
      <dt>拒绝</dt>
      <dd data-count="rejected">{counts.rejected}</dd>
    </dl>
  );
}

/** Rows processed of all rows; full once the job is done. */
function Progress({ job }: { job: ImportJobView }) {
  return (
    <>
      <p>
        <label for="import-progress">
          已处理 <span data-progress-done="">{job.progress.done}</span> / {job.progress.total} 行（
          {job.progress.percent}%）
        </label>
      </p>
      <progress id="import-progress" max={job.progress.total || 1} value={job.progress.done}>
        {job.progress.percent}%
      </progress>
    </>
  );
}

function RunButtons({ job }: { job: ImportJobView }) {
  return (
    <div class="actions">
      <Form action={`${BASE}/${job.id}/run`}>
        <button type="submit">{job.status === 'failed' ? '重新执行导入' : '开始导入'}</button>
      </Form>
      <Form action={`${BASE}/${job.id}/cancel`}>
        <button type="submit" class="button--secondary">
          取消本次导入
        </button>
      </Form>
    </div>
  );
}

export function ImportStatusPanel({ job }: { job: ImportJobView }) {
  const active = isActive(job);
  const poll = active
    ? { 'hx-get': `${BASE}/${job.id}/progress`, 'hx-trigger': 'every 1s', 'hx-swap': 'outerHTML' }
    : {};
  return (
    <section id="import-status" class="import-status" aria-labelledby="import-status-title" {...poll}>
      <h2 id="import-status-title">
        导入状态：
        <ImportStatusBadge job={job} />
      </h2>
      {job.status === 'previewed' ? (
        <>
          <p>
            预检完成，尚未写入任何记录：将新增 {job.planned.created} 条、更新 {job.planned.updated} 条，
            {job.planned.unchanged} 条无变化，{job.planned.rejected} 行被拒绝（不会导入）。确认无误后开始导入。
          </p>
          <RunButtons job={job} />
        </>
      ) : null}
      {active ? (
        <>
          <Progress job={job} />
          <Counts counts={job.result} label="已导入行的结果" />
          <p class="muted">导入在后台进行，可以离开本页；本页每秒刷新一次进度。</p>
          <Form action={`${BASE}/${job.id}/cancel`}>
            <button type="submit" class="button--secondary">
              取消本次导入
            </button>
          </Form>
          <p class="muted">取消后，本次导入已写入的记录会被撤销。</p>
        </>
      ) : null}
      {job.status === 'completed' ? (
        <>
          <p role="status">
            导入完成：共 {job.total} 行，新增 {job.result.created} 条、更新 {job.result.updated} 条，
            {job.result.unchanged} 条无变化，{job.result.rejected} 行被拒绝。
          </p>
          <Progress job={job} />
          <Counts counts={job.result} label="导入结果" />
          <p>
            <a href={RECORDS_HREF[job.kind]}>查看{job.kindLabel}记录</a>
          </p>
        </>
      ) : null}
      {job.status === 'failed' ? (
        <>
          <p class="notice notice--warning">{job.error}</p>
          <RunButtons job={job} />
        </>
      ) : null}
      {job.status === 'cancelled' ? (
        <p>
          本次导入已取消，{job.error ?? '没有写入任何记录'}。改好表格后可 <a href={BASE}>重新上传</a>。
        </p>
      ) : null}
    </section>
  );
}
