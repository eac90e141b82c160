/** 我的难题: the enterprise's problems with review status and stage badges, last activity and the next step. */
import type { Context } from 'hono';
import type { Actor } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { ListInterestsQuery } from '../../modules/interests/schemas.js';
import { interestService } from '../../modules/interests/service.js';
import { ListIntroductionsQuery } from '../../modules/introductions/schemas.js';
import { introductionService } from '../../modules/introductions/service.js';
import { ListProblemsQuery, type ProblemView } from '../../modules/problems/schemas.js';
import { problemService } from '../../modules/problems/service.js';
import { reviewService } from '../../modules/problems/review-service.js';
import {
  type Column,
  EmptyState,
  formatTime,
  cursorLinks,
  Pager,
  ReviewBadge,
  SortLinks,
  StageBadge,
  Table,
  withQuery,
} from '../components/index.js';
import type { WebEnv } from '../env.js';
import { currentUrl, pageQuery } from '../query.js';
import { nextStep, type ProblemProgress } from './next-step.js';

const SORTS = [
  { value: '-updatedAt', label: '最近更新' },
  { value: '-postedAt', label: '最新发布' },
  { value: 'deadline', label: '截止日期' },
];

const FILTERS = [
  { value: '', label: '全部' },
  { value: 'draft', label: '草稿' },
  { value: 'pending_review', label: '待审核' },
  { value: 'revision_requested', label: '待整改' },
  { value: 'published', label: '已发布' },
  { value: 'rejected', label: '已驳回' },
];

/** Progress of each listed problem: introductions awaiting me, active interests, the latest review comment. */
export async function progressOf(deps: AppDeps, actor: Actor, problems: readonly ProblemView[]) {
  const ids = new Set(problems.map((p) => p.id));
  const out = new Map<string, ProblemProgress>(problems.map((p) => [p.id, { awaitingMe: 0, interests: 0 }]));
  if (!problems.length) return out;
  const one = problems.length === 1 ? problems[0]!.id : undefined;
  const [intros, interests] = await Promise.all([
    introductionService(deps).list(
      actor,
      ListIntroductionsQuery.parse({ status: 'introduced', problemId: one, limit: 100 }),
    ),
    interestService(deps).list(actor, ListInterestsQuery.parse({ status: 'active', problemId: one, limit: 100 })),
  ]);
  for (const i of intros.items) if (ids.has(i.problemId) && !i.enterpriseResponse) out.get(i.problemId)!.awaitingMe++;
  for (const i of interests.items) if (ids.has(i.problemId)) out.get(i.problemId)!.interests++;
  const reviews = reviewService(deps);
  for (const p of problems) {
    if (p.reviewStatus !== 'revision_requested' && p.reviewStatus !== 'rejected') continue;
    const { items } = await reviews.list(actor, p.id);
    out.get(p.id)!.reviewComment = items.at(-1)?.comment ?? null;
  }
  return out;
}

export async function myProblemsPage(c: Context<WebEnv>, deps: AppDeps) {
  const actor = c.get('actor');
  const { values } = pageQuery(c, ListProblemsQuery, { sort: c.req.query('sort') || '-updatedAt' });
  const page = await problemService(deps).list(actor, values);
  const progress = await progressOf(deps, actor, page.items);
  const url = currentUrl(c);
  const status = c.req.query('reviewStatus') ?? '';
  const columns: Column<ProblemView>[] = [
    { label: '难题', cell: (p) => <a href={`/enterprise/problems/${p.id}`}>{p.title}</a> },
    { label: '审核', cell: (p) => <ReviewBadge status={p.reviewStatus} label={p.reviewStatusLabel} /> },
    {
      label: '阶段',
      cell: (p) => (p.reviewStatus === 'draft' ? '—' : <StageBadge stage={p.stage} label={p.stageLabel} />),
    },
    { label: '最近更新', cell: (p) => <time datetime={p.updatedAt}>{formatTime(p.updatedAt)}</time> },
    { label: '下一步', cell: (p) => nextStep(p, progress.get(p.id)!) },
  ];
  return c.render(
    <>
      <p class="actions">
        <a class="button" href="/enterprise/problems/new">
          发布难题
        </a>
      </p>
      <nav class="filter-links" aria-label="按审核状态筛选">
        <ul>
          {FILTERS.map((f) => (
            <li>
              {f.value === status ? (
                <strong aria-current="true">{f.label}</strong>
              ) : (
                <a href={withQuery(url, { reviewStatus: f.value || undefined, cursor: undefined })}>{f.label}</a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <SortLinks url={url} current={values.sort ?? '-updatedAt'} options={SORTS} />
      {page.items.length ? (
        <>
          <Table caption={`我的难题（共 ${page.total} 项）`} columns={columns} rows={page.items} />
          <Pager total={page.total} shown={page.items.length} {...cursorLinks(url, values.limit, page.nextCursor)} />
        </>
      ) : (
        <EmptyState
          title={status ? '没有符合条件的难题' : '您还没有发布技术难题'}
          action={{ href: '/enterprise/problems/new', label: '发布第一个难题' }}
        >
          {status ? (
            <a href="/enterprise/problems">查看全部难题</a>
          ) : (
            '写清现状、目标指标、预算和期限，区科技局审核后高校即可看到。'
          )}
        </EmptyState>
      )}
    </>,
    { title: '我的难题' },
  );
}
