/**
 * 难题详情 for the enterprise that posted it: the problem, the bureau's review comment, interests
 * received (the lab's contact withheld until introduced), introductions with accept / decline, the
 * lab's contact once introduced, the agreements and centres it led to, and its timeline as this
 * role may see it. Everything comes through the module services and the policy module's views.
 */
import type { Context } from 'hono';
import type { AppDeps } from '../../deps.js';
import { ListAgreementsQuery } from '../../modules/agreements/schemas.js';
import { agreementService } from '../../modules/agreements/service.js';
import { ListCentresQuery } from '../../modules/centres/schemas.js';
import { centreService } from '../../modules/centres/service.js';
import { ListInterestsQuery } from '../../modules/interests/schemas.js';
import { interestService } from '../../modules/interests/service.js';
import { type IntroductionView, ListIntroductionsQuery } from '../../modules/introductions/schemas.js';
import { introductionService } from '../../modules/introductions/service.js';
import { problemService } from '../../modules/problems/service.js';
import {
  Badge,
  ContactCard,
  declineReasonId,
  EmptyState,
  ErrorSummary,
  Form,
  formatDay,
  formatTime,
  formatWan,
  RespondForms,
  ReviewBadge,
  StageBadge,
  Timeline,
  ProblemSummaryRows,
} from '../components/index.js';
import type { WebEnv } from '../env.js';
import type { FormErrors } from '../forms.js';
import { nextStep } from './next-step.js';
import { progressOf } from './problems.js';

const EDITABLE = new Set(['draft', 'pending_review', 'revision_requested', 'published']);

function IntroductionItem({
  i,
  base,
  errors,
}: {
  i: IntroductionView;
  base: string;
  errors?: { id: string; errors: FormErrors; reason?: string };
}) {
  const mine = errors?.id === i.id ? errors : undefined;
  const waiting = i.status === 'introduced' && !i.enterpriseResponse;
  return (
    <li class="card" id={`intro-${i.id}`}>
      <h3>
        {i.lab.name}
        <span class="muted">（{i.university.name}）</span>
      </h3>
      <p>
        <Badge
          text={i.statusLabel}
          tone={i.status === 'accepted' ? 'success' : i.status === 'declined' ? 'danger' : 'info'}
        />
        {i.introducedAt ? <span class="muted"> 引荐于 {formatDay(i.introducedAt)}</span> : null}
      </p>
      {i.note ? <p>推荐理由：{i.note}</p> : null}
      <h4>实验室联系人</h4>
      <ContactCard contact={i.labContact} withheld="区科技局引荐后显示实验室联系方式。" />
      {i.enterpriseResponse ? <p>您已{i.enterpriseResponse === 'accepted' ? '同意对接' : '婉拒'}。</p> : null}
      {i.universityResponse ? <p>高校方已{i.universityResponse === 'accepted' ? '同意对接' : '婉拒'}。</p> : null}
      {i.declineReason ? (
        <p>
          婉拒原因（{i.declinedByLabel}）：{i.declineReason}
        </p>
      ) : null}
      {waiting ? (
        <RespondForms
          introductionId={i.id}
          action={`${base}/introductions/${i.id}`}
          version={i.version}
          error={mine?.errors.reason}
          reason={mine?.reason}
        />
      ) : null}
    </li>
  );
}

/** A draft's steps: submit it as it stands, complete it first, or delete it. */
function DraftSteps({ base, version }: { base: string; version: number }) {
  return (
    <>
      <p>草稿只有贵企业能看到；区科技局和高校在您提交审核之后才能看到。</p>
      <div class="actions">
        <Form action={`${base}/submit`}>
          <input type="hidden" name="version" value={String(version)} />
          <button type="submit">提交审核</button>
        </Form>
        <a class="button button--secondary" href={`${base}/edit`}>
          修改草稿
        </a>
        <Form action={`${base}/delete`}>
          <input type="hidden" name="version" value={String(version)} />
          <button type="submit" class="button--danger">
            删除草稿
          </button>
        </Form>
      </div>
    </>
  );
}

export async function enterpriseProblemDetail(
  c: Context<WebEnv>,
  deps: AppDeps,
  id: string,
  declineErrors?: { id: string; errors: FormErrors; reason?: string },
) {
  const actor = c.get('actor');
  const problem = await problemService(deps).get(actor, id); // another enterprise's problem → 404
  const [history, interests, intros, agreements, progress] = await Promise.all([
    problemService(deps).history(actor, id),
    interestService(deps).list(actor, ListInterestsQuery.parse({ problemId: id, limit: 100 })),
    introductionService(deps).list(actor, ListIntroductionsQuery.parse({ problemId: id, limit: 100 })),
    agreementService(deps).list(actor, ListAgreementsQuery.parse({ problemId: id, limit: 100 })),
    progressOf(deps, actor, [problem]),
  ]);
  const centres = (
    await Promise.all(
      agreements.items.map((a) =>
        centreService(deps).list(actor, ListCentresQuery.parse({ agreementId: a.id, limit: 100 })),
      ),
    )
  ).flatMap((p) => p.items);
  const visibleIntros = intros.items.filter((i) => i.status !== 'shortlisted');
  const base = `/enterprise/problems/${id}`;
  const prog = progress.get(id)!;
  return c.render(
    <>
      {declineErrors ? (
        <ErrorSummary errors={declineErrors.errors} ids={{ reason: declineReasonId(declineErrors.id) }} />
      ) : null}
      <p class="badges">
        <ReviewBadge status={problem.reviewStatus} label={problem.reviewStatusLabel} />
        {/* A draft is nobody's to collect yet: no 征集中 beside 草稿. */}
        {problem.reviewStatus === 'draft' ? null : <StageBadge stage={problem.stage} label={problem.stageLabel} />}
      </p>
      <div class={problem.reviewStatus === 'revision_requested' ? 'notice notice--warning' : 'notice'} role="note">
        <strong>下一步：</strong>
        {nextStep(problem, prog)}
        {problem.reviewStatus === 'revision_requested' ? (
          <p>
            <a class="button" href={`${base}/edit`}>
              修改并重新提交
            </a>
          </p>
        ) : null}
        {problem.reviewStatus === 'draft' ? <DraftSteps base={base} version={problem.version} /> : null}
      </div>
      <dl class="summary-list">
        <ProblemSummaryRows problem={problem} />
        <dt>可见范围</dt>
        <dd>{problem.visibility === 'public' ? '公开（高校可见内容，企业身份引荐后可见）' : '仅区科技局'}</dd>
        <dt>{problem.reviewStatus === 'draft' ? '创建时间' : '发布时间'}</dt>
        <dd>{formatTime(problem.postedAt)}</dd>
      </dl>
      {EDITABLE.has(problem.reviewStatus) &&
      problem.reviewStatus !== 'revision_requested' &&
      problem.reviewStatus !== 'draft' ? (
        <p>
          <a href={`${base}/edit`}>修改难题</a>
        </p>
      ) : null}

      <h2>引荐的实验室（{visibleIntros.length}）</h2>
      {visibleIntros.length ? (
        <ul class="cards">
          {visibleIntros.map((i) => (
            <IntroductionItem i={i} base={base} errors={declineErrors} />
          ))}
        </ul>
      ) : (
        <EmptyState title="还没有引荐">
          区科技局会根据高校意向和匹配结果为您引荐实验室，引荐后这里显示对方联系方式，请留意“我的难题”的下一步提示。
        </EmptyState>
      )}

      <h2>收到的合作意向（{interests.items.length}）</h2>
      {interests.items.length ? (
        <ul class="cards">
          {interests.items.map((i) => (
            <li class="card">
              <h3>
                {i.lab.name}
                <span class="muted">（{i.university.name}）</span>
              </h3>
              <p>
                <Badge text={i.statusLabel} tone={i.status === 'active' ? 'info' : 'neutral'} />
                <span class="muted"> {formatDay(i.createdAt)}</span>
              </p>
              <p class="prewrap">{i.note}</p>
              <ContactCard contact={i.contact} withheld="联系方式在区科技局引荐后显示。" />
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="暂未收到合作意向">
          难题发布后，高校联络员可在需求大厅看到并以实验室名义表达意向。描述越具体、关键词越准，越容易被找到。
        </EmptyState>
      )}

      <h2>合作协议与共建中心</h2>
      {agreements.items.length ? (
        <ul class="cards">
          {agreements.items.map((a) => (
            <li class="card">
              <h3>{a.title}</h3>
              <p>
                {a.typeLabel} · {a.university.name} · 签订于 {formatDay(a.signedOn)} · {formatWan(a.amountWan)} ·{' '}
                <Badge text={a.statusLabel} tone="info" />
              </p>
            </li>
          ))}
          {centres.map((ce) => (
            <li class="card">
              <h3>{ce.name}</h3>
              <p>
                {ce.kindLabel} · {ce.levelLabel} · {ce.university.name} · <Badge text={ce.statusLabel} tone="success" />
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="尚未签订协议">与实验室谈妥后签订协议，区科技局登记后显示在这里。</EmptyState>
      )}

      <h2>进展记录</h2>
      <Timeline items={history.items} />
    </>,
    { title: problem.title, error: Boolean(declineErrors) },
  );
}
