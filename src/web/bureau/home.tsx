/**
 * 工作台 (`/bureau`): the officer's numbers today — problems waiting for review, my overdue
 * follow-ups, stuck problems, registrations due within 7 days or missed, new interests from
 * universities — each a link to the filtered list.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { interestService } from '../../modules/interests/service.js';
import { FollowUpsQuery } from '../../modules/pipeline/schemas.js';
import { pipelineService } from '../../modules/pipeline/service.js';
import { EmptyState, Table } from '../components/index.js';
import type { WebEnv } from '../env.js';
import { dateTime, myLiaisonId } from './shared.js';

const NEW_INTEREST_DAYS = 7;

function Tile({
  href,
  count,
  label,
  hint,
  tone,
}: {
  href: string;
  count: number;
  label: string;
  hint: string;
  tone?: string;
}) {
  return (
    <li class={`tile${count && tone ? ` tile--${tone}` : ''}`}>
      <a href={href}>
        <span class="tile__count">{count}</span>
        <span class="tile__label">{label}</span>
      </a>
      <span class="tile__hint">{hint}</span>
    </li>
  );
}

export function homePage(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const pipeline = pipelineService(deps);
  const interests = interestService(deps);

  app.get('/bureau', async (c) => {
    const actor = c.get('actor');
    const mine = await myLiaisonId(deps, c);
    const since = new Date(deps.now().getTime() - NEW_INTEREST_DAYS * 86_400_000).toISOString();
    // Without a liaison of one's own, "mine" is everyone's: the same query, asked once.
    const [review, all, mineDue, recent] = await Promise.all([
      pipeline.reviewCounts({ reviewStatus: ['pending_review'] }),
      pipeline.followUps(FollowUpsQuery.parse({ limit: 1 })),
      mine ? pipeline.followUps(FollowUpsQuery.parse({ liaisonId: mine, limit: 1 })) : undefined,
      interests.list(actor, { status: 'active', limit: 100, sort: '-createdAt' } as never),
    ]);
    const pending = review.find((r) => r.status === 'pending_review')?.count ?? 0;
    const fresh = (recent.items as { createdAt: string }[]).filter((i) => i.createdAt >= since) as typeof recent.items;
    const followHref = mine ? `/bureau/follow-ups?liaisonId=${mine}` : '/bureau/follow-ups';
    return c.render(
      <>
        <p class="lead">
          今天是 {all.asOf}。
          {mine ? '“我的”指您作为联络员负责或参与的记录。' : '您的账户尚未关联联络员，以下为全局数字。'}
        </p>
        <ul class="tiles" aria-label="今日数字">
          <Tile href="/bureau/review" count={pending} label="待审核难题" hint="最早提交的在前" tone="info" />
          <Tile
            href={`${followHref}#overdue`}
            count={(mineDue ?? all).overdue.total}
            label={mine ? '我的逾期跟进' : '逾期跟进'}
            hint="已过跟进日期"
            tone="danger"
          />
          <Tile
            href="/bureau/follow-ups#stale"
            count={all.stale.total}
            label="停滞难题"
            hint="30 天以上无动态"
            tone="warning"
          />
          <Tile
            href="/bureau/follow-ups#registrations"
            count={all.registrations.total}
            label="认定登记将到期或已逾期"
            hint="7 天内截止或已过"
            tone="danger"
          />
          <Tile
            href="#new-interests"
            count={fresh.length}
            label="高校新意向"
            hint={`近 ${NEW_INTEREST_DAYS} 天`}
            tone="info"
          />
        </ul>
        <h2 id="new-interests">
          高校新意向（近 {NEW_INTEREST_DAYS} 天，共 {fresh.length} 条）
        </h2>
        {fresh.length ? (
          <Table
            caption="近期高校合作意向"
            captionHidden
            rows={fresh}
            columns={[
              {
                label: '技术难题',
                cell: (i) => <a href={`/bureau/problems/${i.problem.id}#interests`}>{i.problem.title}</a>,
              },
              { label: '实验室', cell: (i) => i.lab.name },
              { label: '高校', cell: (i) => i.university.name },
              { label: '是否已引荐', cell: (i) => (i.introduced ? '已引荐' : '未引荐') },
              { label: '表达时间', cell: (i) => dateTime(i.createdAt) },
            ]}
          />
        ) : (
          <EmptyState title="近期没有新的合作意向">
            高校表达意向后会出现在这里；也可到 <a href="/bureau/pipeline">看板</a> 主动为难题推荐实验室。
          </EmptyState>
        )}
      </>,
      { title: '工作台' },
    );
  });
  return app;
}
