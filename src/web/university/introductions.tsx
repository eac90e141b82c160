/**
 * 引荐: the bureau's introductions of my university's labs to enterprises' problems, with accept /
 * decline (with a reason) and the enterprise's name and contact once introduced (the
 * introductions service's view; candidates the bureau only shortlisted are not shown).
 */
import type { Context } from 'hono';
import type { AppDeps } from '../../deps.js';
import { type IntroductionView, ListIntroductionsQuery } from '../../modules/introductions/schemas.js';
import { introductionService } from '../../modules/introductions/service.js';
import {
  Badge,
  ContactCard,
  declineReasonId,
  EmptyState,
  ErrorSummary,
  formatDay,
  cursorLinks,
  Pager,
  RespondForms,
  SortLinks,
} from '../components/index.js';
import type { WebEnv } from '../env.js';
import type { FormErrors } from '../forms.js';
import { currentUrl, pageQuery } from '../query.js';

const SORTS = [
  { value: '-introducedAt', label: '最近引荐' },
  { value: '-updatedAt', label: '最近更新' },
];

function IntroductionCard({
  i,
  failed,
}: {
  i: IntroductionView;
  failed?: { id: string; errors: FormErrors; reason?: string };
}) {
  const mine = failed?.id === i.id ? failed : undefined;
  const waiting = i.status === 'introduced' && !i.universityResponse;
  return (
    <li class="card" id={`intro-${i.id}`}>
      <h2 class="card__title">
        <a href={`/university/needs/${i.problemId}`}>{i.problem.title}</a>
      </h2>
      <p>
        <Badge
          text={i.statusLabel}
          tone={i.status === 'accepted' ? 'success' : i.status === 'declined' ? 'danger' : 'info'}
        />{' '}
        实验室：{i.lab.name}
        {i.introducedAt ? <span class="muted"> · 引荐于 {formatDay(i.introducedAt)}</span> : null}
      </p>
      {i.note ? <p>推荐理由：{i.note}</p> : null}
      <h3>企业</h3>
      {i.enterprise ? (
        <>
          <p>{i.enterprise.name}</p>
          <ContactCard contact={i.enterprise.contact} withheld="企业未留联系人，请联系区科技局。" />
        </>
      ) : (
        <p class="muted">某企业（引荐后显示名称与联系方式）</p>
      )}
      {i.universityResponse ? <p>贵校已{i.universityResponse === 'accepted' ? '同意对接' : '婉拒'}。</p> : null}
      {i.enterpriseResponse ? <p>企业已{i.enterpriseResponse === 'accepted' ? '同意对接' : '婉拒'}。</p> : null}
      {i.declineReason ? (
        <p>
          婉拒原因（{i.declinedByLabel}）：{i.declineReason}
        </p>
      ) : null}
      {waiting ? (
        <RespondForms
          introductionId={i.id}
          action={`/university/introductions/${i.id}`}
          version={i.version}
          error={mine?.errors.reason}
          reason={mine?.reason}
        />
      ) : null}
    </li>
  );
}

export async function introductionsPage(
  c: Context<WebEnv>,
  deps: AppDeps,
  failed?: { id: string; errors: FormErrors; reason?: string },
) {
  const actor = c.get('actor');
  const { values } = pageQuery(c, ListIntroductionsQuery, {
    status: c.req.query('status') || 'introduced,accepted,declined',
    sort: c.req.query('sort') || '-introducedAt',
  });
  const page = await introductionService(deps).list(actor, values);
  const url = currentUrl(c);
  const waiting = page.items.filter((i) => i.status === 'introduced' && !i.universityResponse).length;
  return c.render(
    <>
      {failed ? <ErrorSummary errors={failed.errors} ids={{ reason: declineReasonId(failed.id) }} /> : null}
      {waiting ? (
        <p class="notice" role="note">
          有 {waiting} 条引荐等待贵校确认。
        </p>
      ) : null}
      <SortLinks url={url} current={values.sort ?? '-introducedAt'} options={SORTS} />
      {page.items.length ? (
        <>
          <ul class="cards">
            {page.items.map((i) => (
              <IntroductionCard i={i} failed={failed} />
            ))}
          </ul>
          <Pager total={page.total} shown={page.items.length} {...cursorLinks(url, values.limit, page.nextCursor)} />
        </>
      ) : (
        <EmptyState title="还没有引荐" action={{ href: '/university/needs', label: '去需求大厅' }}>
          在需求大厅为合适的难题表达意向，或完善实验室档案，区科技局会据此为贵校实验室引荐企业。
        </EmptyState>
      )}
    </>,
    { title: '引荐', error: Boolean(failed) },
  );
}
