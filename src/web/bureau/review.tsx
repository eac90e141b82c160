/**
 * 审核 (`/bureau/review`): the problems waiting for review, oldest first; each one opens with its
 * full text, the writing hints beside it and the enterprise's revision history, and is approved,
 * sent back with a comment or rejected with a reason in one step (the API's review service, so the
 * same audit rows). After a decision the next oldest problem opens.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { problemHints } from '../../domain/problem-hints.js';
import { ReviewBody } from '../../modules/problems/review-schemas.js';
import { reviewService } from '../../modules/problems/review-service.js';
import type { ProblemView } from '../../modules/problems/schemas.js';
import { problemService } from '../../modules/problems/service.js';
import {
  domainNames,
  EmptyState,
  ErrorSummary,
  Form,
  FormField,
  formatDay,
  cursorLinks,
  Pager,
  Table,
} from '../components/index.js';
import type { WebEnv } from '../env.js';
import { idParam } from '../ids.js';
import { type FormErrors, parseForm, type RawForm, rawValue } from '../forms.js';
import { flash } from '../session.js';
import { actionErrors, changeCtx, dateTime, type PageContext } from './shared.js';

const QUEUE = { reviewStatus: ['pending_review' as const], sort: 'postedAt' as const };

export function reviewPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const problems = problemService(deps);
  const reviews = reviewService(deps);

  const queue = (c: PageContext, limit: number, cursor?: string) =>
    problems.list(c.get('actor'), { ...QUEUE, limit, cursor } as never);

  app.get('/bureau/review', async (c) => {
    const cursor = c.req.query('cursor') || undefined;
    const page = await queue(c, 50, cursor);
    return c.render(
      <>
        <p class="lead">
          企业提交的技术难题，最早提交的在前。点击标题逐条审核：通过、退回整改（附意见）或驳回（附理由）。
        </p>
        {page.items.length ? (
          <Table
            caption={`待审核难题，共 ${page.total} 条`}
            rows={page.items}
            columns={[
              { label: '标题', cell: (p) => <a href={`/bureau/review/${p.id}`}>{p.title}</a> },
              { label: '企业', cell: (p) => p.enterprise?.name ?? '—' },
              { label: '提交时间', cell: (p) => dateTime(p.postedAt) },
              { label: '写作提示', numeric: true, cell: (p) => problemHints(p).length },
            ]}
          />
        ) : (
          <EmptyState title="没有待审核的难题">
            企业提交难题后会出现在这里。可以去 <a href="/bureau/follow-ups">待跟进</a> 看看今天要做的事。
          </EmptyState>
        )}
        <Pager total={page.total} shown={page.items.length} {...cursorLinks(c.req.url, 50, page.nextCursor)} />
      </>,
      { title: '审核' },
    );
  });

  async function renderProblem(c: PageContext, id: string, values: RawForm = {}, errors: FormErrors = {}) {
    const actor = c.get('actor');
    const [p, history] = await Promise.all([problems.get(actor, id), reviews.list(actor, id)]);
    const hints = problemHints(p);
    return c.render(
      <>
        <p>
          <a href="/bureau/review">← 返回待审核列表</a>
        </p>
        <ErrorSummary errors={errors} />
        <div class="split">
          <article class="split__main" aria-labelledby="problem-title">
            <h2 id="problem-title">{p.title}</h2>
            <ProblemFacts p={p} />
            <h3>描述</h3>
            <p class="prose">{p.description}</p>
          </article>
          <aside class="split__side" aria-label="写作提示">
            <h2>写作提示（{hints.length} 条）</h2>
            {hints.length ? (
              <ul class="hints">
                {hints.map((h) => (
                  <li>{h.message}</li>
                ))}
              </ul>
            ) : (
              <p>描述完整：有现状、指标、预算与期限。</p>
            )}
          </aside>
        </div>
        {p.reviewStatus === 'pending_review' ? (
          <Form action={`/bureau/review/${p.id}`} class="form">
            <input type="hidden" name="version" value={String(p.version)} />
            <FormField
              name="comment"
              label="审核意见"
              rows={4}
              value={rawValue(values, 'comment')}
              error={errors.comment}
              hint="通过时可不填；退回整改时写明要补充什么，驳回时写明理由（企业能看到）。"
            />
            <div class="actions">
              <button type="submit" name="decision" value="approve">
                通过并发布
              </button>
              <button type="submit" name="decision" value="request_revision" class="button--secondary">
                退回整改
              </button>
              <button type="submit" name="decision" value="reject" class="button--danger">
                驳回
              </button>
            </div>
          </Form>
        ) : (
          <p class="notice">该难题当前为「{p.reviewStatusLabel}」，无需审核。</p>
        )}
        <h2>审核与整改记录（共 {history.items.length} 条）</h2>
        <Table
          caption="审核与整改记录"
          captionHidden
          rows={history.items}
          columns={[
            { label: '时间', cell: (r) => dateTime(r.at) },
            { label: '操作', cell: (r) => r.actionLabel },
            { label: '结果', cell: (r) => r.toStatusLabel },
            { label: '意见/说明', cell: (r) => r.comment ?? '—' },
            { label: '操作人', cell: (r) => r.actorName },
          ]}
        />
      </>,
      { title: `审核：${p.title}`, heading: '审核难题', error: Object.keys(errors).length > 0 },
    );
  }

  app.get(`/bureau/review/${idParam()}`, (c) => renderProblem(c, c.req.param('id')));

  app.post(`/bureau/review/${idParam()}`, async (c) => {
    const id = c.req.param('id');
    const form = await parseForm(c, ReviewBody);
    if (!form.ok) return renderProblem(c, id, form.raw, form.errors);
    const { decision, comment, version } = form.values;
    try {
      await reviews.review(
        changeCtx(c),
        id,
        decision,
        comment ?? null,
        version ? { version, from: 'body' } : undefined,
      );
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return renderProblem(c, id, form.raw, errors);
    }
    flash(c, deps, decision === 'approve' ? '已通过并发布' : decision === 'reject' ? '已驳回' : '已退回整改');
    const next = await queue(c, 1);
    return c.redirect(next.items[0] ? `/bureau/review/${next.items[0].id}` : '/bureau/review', 303);
  });
  return app;
}

/** The problem's facts in a definition list (also used by the workspace). */
export function ProblemFacts({ p }: { p: ProblemView }) {
  const e = p.enterprise;
  return (
    <dl class="facts">
      <dt>企业</dt>
      <dd>
        {e ? e.name : '—'}
        {p.enterpriseIndustry ? `（${p.enterpriseIndustry}）` : ''}
      </dd>
      <dt>联系人</dt>
      <dd>
        {e?.contactName ?? '—'} {e?.contactPhone ?? ''} {e?.contactEmail ?? ''}
      </dd>
      <dt>技术领域</dt>
      <dd>{domainNames(p.domains)}</dd>
      <dt>关键词</dt>
      <dd>{p.keywords.join('、') || '—'}</dd>
      <dt>预算</dt>
      <dd>{p.budgetWan === null ? '未填' : `${p.budgetWan} 万元`}</dd>
      <dt>期望完成</dt>
      <dd>{p.deadline ? formatDay(p.deadline) : '未填'}</dd>
      <dt>公开范围</dt>
      <dd>{p.visibility === 'public' ? '公开' : '仅区科技局'}</dd>
      <dt>状态</dt>
      <dd>
        {p.reviewStatusLabel} · {p.stageLabel}
      </dd>
    </dl>
  );
}
