/**
 * 难题工作区 (`/bureau/problems/:id`), the heart of brokering: the problem with its enterprise,
 * liaison and stage (with the allowed next stages); the ranked lab matches with their reasons and
 * confidence, each one click from the shortlist or an introduction; university interests beside
 * them; the introductions and their answers; the contact form; the whole timeline. The writes are
 * in `problem-actions.tsx`; each re-renders this page with its errors when it fails.
 */
import type { Child } from 'hono/jsx';
import type { AppDeps } from '../../deps.js';
import { CONTACT_KIND_LABELS } from '../../domain/contacts.js';
import { canTransition, STAGE_CODES, STAGE_LABELS } from '../../domain/stages.js';
import { interestService } from '../../modules/interests/service.js';
import { introductionService } from '../../modules/introductions/service.js';
import { ListLabsQuery } from '../../modules/labs/schemas.js';
import { labService } from '../../modules/labs/service.js';
import { matchingService } from '../../modules/matching/service.js';
import { problemService } from '../../modules/problems/service.js';
import {
  Badge,
  domainNames,
  EmptyState,
  ErrorSummary,
  FieldHelp,
  Form,
  FormField,
  Table,
  type Tone,
} from '../components/index.js';
import { FORM_ERROR, formErrors, type FormErrors, type RawForm, rawValue } from '../forms.js';
import { ProblemFacts } from './review.js';
import { bureauLiaisons, dateTime, shanghaiMinute, LiaisonSelect, type PageContext } from './shared.js';

/** Which of the page's forms posted (its errors and input show beside that form only). */
export type WorkspaceForm = 'liaison' | 'stage' | 'introduce' | 'contact';
export interface FormState {
  form: WorkspaceForm;
  values: RawForm;
  errors: FormErrors;
}

const CONFIDENCE_TONE: Record<string, Tone> = { high: 'success', medium: 'info', low: 'neutral' };
const INTRO_TONE: Record<string, Tone> = {
  shortlisted: 'neutral',
  introduced: 'info',
  accepted: 'success',
  declined: 'danger',
  withdrawn: 'neutral',
};

/** The text with each matched term wrapped in <mark> (longest terms first so they win overlaps). */
export function Highlight({ text, terms }: { text: string; terms: readonly string[] }): Child {
  const usable = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (!usable.length) return text;
  const escaped = usable.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = text.split(new RegExp(`(${escaped.join('|')})`, 'gi'));
  return <>{parts.map((part, i) => (i % 2 === 1 ? <mark>{part}</mark> : part))}</>;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const stateOf = (s: FormState | undefined, form: WorkspaceForm): { values: RawForm; errors: FormErrors } =>
  s?.form === form ? s : { values: {}, errors: {} };

/** The 实验室 column of the interests and introductions tables: the lab over its university. */
const labColumn = {
  label: '实验室',
  cell: (i: { lab: { name: string }; university: { name: string } }) => (
    <>
      {i.lab.name}
      <br />
      {i.university.name}
    </>
  ),
};

export async function renderWorkspace(c: PageContext, deps: AppDeps, id: string, state?: FormState) {
  const actor = c.get('actor');
  // The lab search reads its keyword with the API's own list query, so a keyword it cannot search for
  // (a control character, over 100 characters) is named beside the box instead of reaching the database.
  const labqGiven = c.req.query('labq')?.trim() || undefined;
  const labSearch = labqGiven ? ListLabsQuery.safeParse({ q: labqGiven, limit: 20, sort: 'name' }) : undefined;
  const labq = labSearch?.success ? labSearch.data.q : undefined;
  const labqError =
    labSearch && !labSearch.success ? formErrors(labSearch.error.issues, { q: labqGiven }).q : undefined;
  const problems = problemService(deps);
  const p = await problems.get(actor, id);
  const [matches, interests, intros, timeline, liaisons, labHits] = await Promise.all([
    matchingService(deps).forProblem(actor, id, { limit: 10 }),
    interestService(deps).list(actor, { problemId: id, limit: 100, sort: '-createdAt' } as never),
    introductionService(deps).list(actor, { problemId: id, limit: 100, sort: '-createdAt' } as never),
    problems.history(actor, id),
    bureauLiaisons(deps, c),
    labSearch?.success ? labService(deps).list(actor, labSearch.data) : Promise.resolve(undefined),
  ]);
  const introByLab = new Map(intros.items.map((i) => [i.labId, i]));
  const allLow = matches.summary.confidence === 'low' || matches.summary.confidence === 'none';
  const nextStages = STAGE_CODES.filter((s) => canTransition(p.stage, s));
  const liaisonName = liaisons.find((l) => l.id === p.liaisonId)?.name;
  const base = `/bureau/problems/${p.id}`;
  const liaisonForm = stateOf(state, 'liaison');
  const stageForm = stateOf(state, 'stage');
  const introForm = stateOf(state, 'introduce');
  const contactForm = stateOf(state, 'contact');
  const errors = state?.errors ?? {};
  // The agreement form opens with this problem ticked and, when a lab was introduced, that lab's side.
  const introduced =
    intros.items.find((i) => i.status === 'accepted') ?? intros.items.find((i) => i.status === 'introduced');
  const agreementHref = `/bureau/agreements/new?problemId=${p.id}${
    introduced ? `&universityId=${introduced.university.id}&labId=${introduced.labId}` : ''
  }`;

  const introduceButtons = (labId: string, source: 'match' | 'interest' | 'manual', score?: number) => {
    const existing = introByLab.get(labId);
    if (existing && existing.status !== 'withdrawn') {
      return existing.status === 'shortlisted' ? (
        <Form action={`${base}/introductions/${existing.id}/introduce`} class="inline-form">
          <input type="hidden" name="version" value={String(existing.version)} />
          <Badge text="已列入候选" />{' '}
          <button type="submit" class="button--small">
            引荐
          </button>
        </Form>
      ) : (
        <Badge text={existing.statusLabel} tone={INTRO_TONE[existing.status]} />
      );
    }
    const noteId = `note-${source}-${labId}`;
    return (
      <Form action={`${base}/introductions`} class="row-form">
        <input type="hidden" name="labId" value={labId} />
        <input type="hidden" name="source" value={source} />
        {score !== undefined ? <input type="hidden" name="matchScore" value={score.toFixed(3)} /> : null}
        <label for={noteId} class="visually-hidden">
          推荐理由（选填）
        </label>
        <input id={noteId} name="note" type="text" placeholder="推荐理由（选填）" maxlength={1000} />
        <button type="submit" name="introduce" value="false" class="button--secondary button--small">
          列入候选
        </button>
        <button type="submit" name="introduce" value="true" class="button--small">
          引荐
        </button>
      </Form>
    );
  };

  return c.render(
    <>
      <ErrorSummary errors={errors} />
      <p>
        <a href="/bureau/pipeline">← 看板</a>
      </p>
      <div class="split">
        <article class="split__main" aria-labelledby="problem-title">
          <h2 id="problem-title">{p.title}</h2>
          <ProblemFacts p={p} />
          <details>
            <summary>需求描述</summary>
            <p class="prose">{p.description}</p>
          </details>
        </article>
        <aside class="split__side" aria-label="联络员与阶段">
          <h2>联络员</h2>
          <p>当前：{liaisonName ?? (p.liaisonId ? '（已停用的联络员）' : '未指定')}</p>
          <Form action={`${base}/liaison`} class="form form--compact">
            <input type="hidden" name="version" value={String(p.version)} />
            <LiaisonSelect
              liaisons={liaisons}
              value={rawValue(liaisonForm.values, 'liaisonId') || p.liaisonId}
              label="指定联络员"
              all="（不指定）"
            />
            {liaisonForm.errors.liaisonId ? <p class="field__error">{liaisonForm.errors.liaisonId}</p> : null}
            <button type="submit" class="button--secondary">
              {p.liaisonId ? '更换' : '指定'}
            </button>
          </Form>
          <h2>阶段：{p.stageLabel}</h2>
          {nextStages.length ? (
            <Form action={`${base}/stage`} class="form form--compact">
              <input type="hidden" name="version" value={String(p.version)} />
              <div class={stageForm.errors.stage ? 'field field--error' : 'field'}>
                <label class="field__label" for="f-stage">
                  改为
                </label>
                {stageForm.errors.stage ? (
                  <p class="field__error" id="f-stage-error">
                    {stageForm.errors.stage}
                  </p>
                ) : null}
                <select id="f-stage" name="stage">
                  {nextStages.map((s) => (
                    <option value={s} selected={rawValue(stageForm.values, 'stage') === s}>
                      {STAGE_LABELS[s]}
                    </option>
                  ))}
                </select>
              </div>
              <FormField
                name="stageReason"
                label="原因"
                required
                rows={2}
                value={rawValue(stageForm.values, 'stageReason')}
                error={stageForm.errors.stageReason}
                hint="企业能看到这段文字，高校看不到。"
              />
              <button type="submit" class="button--secondary">
                变更阶段
              </button>
            </Form>
          ) : (
            <p>没有可变更的阶段。</p>
          )}
          <h2>签约</h2>
          <p>
            <a href={agreementHref}>为本难题登记合作协议</a>
          </p>
        </aside>
      </div>

      <h2 id="matches">推荐实验室（{matches.total} 个）</h2>
      <p class={allLow ? 'notice notice--warning' : 'notice'}>
        {allLow ? '暂未找到合适的实验室。' : matches.summary.message}
        {matches.semantic === 'used' ? '（已使用语义相似度）' : '（按文本匹配）'}
      </p>
      {introForm.errors[FORM_ERROR] ? (
        <p class="field__error" role="alert">
          {introForm.errors[FORM_ERROR]}
        </p>
      ) : null}
      {matches.items.length ? (
        <Table
          caption="按匹配程度排序的实验室"
          captionHidden
          rows={matches.items}
          columns={[
            {
              label: '实验室',
              cell: (m) => (
                <>
                  <strong>{m.lab.name}</strong>
                  <br />
                  {m.lab.universityName}
                  {m.lab.city ? ` · ${m.lab.city}` : ''}
                </>
              ),
            },
            {
              label: '把握',
              cell: (m) => (
                <>
                  <Badge text={m.confidenceLabel} tone={CONFIDENCE_TONE[m.confidence]} />{' '}
                  <span class="muted">{m.score.toFixed(2)}</span>
                </>
              ),
            },
            {
              label: '为什么匹配',
              cell: (m) => (
                <ul class="reasons">
                  <li>
                    命中术语：
                    <Highlight text={m.reasons.matchedTerms.join('、') || '—'} terms={m.reasons.matchedTerms} />
                  </li>
                  <li>共同领域：{m.reasons.sharedDomains.map((d) => d.name).join('、') || '—'}</li>
                  <li>共同关键词：{m.reasons.sharedKeywords.join('、') || '—'}</li>
                  <li>
                    简介：
                    <Highlight text={m.lab.summary ?? ''} terms={m.reasons.matchedTerms} />
                  </li>
                  <li>
                    术语覆盖 {pct(m.reasons.coverage)}，文本相关 {pct(m.reasons.textScore)}
                    {m.reasons.semanticScore !== undefined ? `，语义相似 ${pct(m.reasons.semanticScore)}` : ''}
                  </li>
                </ul>
              ),
            },
            { label: '操作', cell: (m) => introduceButtons(m.lab.id, 'match', m.score) },
          ]}
        />
      ) : null}
      <form action={`${base}#lab-search`} method="get" class="search-form" id="lab-search" role="search">
        <label for="f-labq" class="field__label">
          {allLow ? '扩大范围：按名称或简介搜索实验室' : '搜索其他实验室'}
        </label>
        <FieldHelp id="f-labq" error={labqError} />
        <input
          id="f-labq"
          name="labq"
          type="search"
          value={labqGiven ?? matches.query.terms.slice(0, 3).join(' ')}
          aria-describedby={labqError ? 'f-labq-error' : undefined}
        />
        <button type="submit" class="button--secondary">
          搜索
        </button>
      </form>
      {labHits ? (
        labHits.items.length ? (
          <Table
            caption={`实验室搜索结果，共 ${labHits.total} 个`}
            rows={
              labHits.items as { id: string; name: string; university?: { name: string } | null; domains: string[] }[]
            }
            columns={[
              { label: '实验室', cell: (l) => l.name },
              { label: '领域', cell: (l) => domainNames(l.domains) },
              { label: '操作', cell: (l) => introduceButtons(l.id, 'manual') },
            ]}
          />
        ) : (
          <EmptyState title={`没有名称或简介包含“${labq}”的实验室`}>换一个词试试，或到名录中新增实验室。</EmptyState>
        )
      ) : null}

      <h2 id="interests">高校意向（{interests.total} 条）</h2>
      {interests.items.length ? (
        <Table
          caption="高校合作意向"
          captionHidden
          rows={interests.items}
          columns={[
            labColumn,
            { label: '意向说明', cell: (i) => i.note },
            { label: '状态', cell: (i) => i.statusLabel },
            { label: '时间', cell: (i) => dateTime(i.createdAt) },
            { label: '操作', cell: (i) => (i.status === 'active' ? introduceButtons(i.labId, 'interest') : '—') },
          ]}
        />
      ) : (
        <EmptyState title="暂无高校表达意向" />
      )}

      <h2 id="introductions">推荐与引荐（{intros.total} 条）</h2>
      {intros.items.length ? (
        <Table
          caption="推荐与引荐"
          captionHidden
          rows={intros.items}
          columns={[
            labColumn,
            { label: '来源', cell: (i) => i.sourceLabel },
            { label: '状态', cell: (i) => <Badge text={i.statusLabel} tone={INTRO_TONE[i.status]} /> },
            { label: '引荐时间', cell: (i) => (i.introducedAt ? dateTime(i.introducedAt) : '—') },
            {
              label: '说明',
              cell: (i) => (i.declineReason ? `${i.declinedByLabel ?? ''}婉拒：${i.declineReason}` : (i.note ?? '—')),
            },
          ]}
        />
      ) : (
        <EmptyState title="还没有推荐实验室">在上面的推荐列表中点“列入候选”或“引荐”。</EmptyState>
      )}

      <h2 id="contact">记录对接</h2>
      <ContactForm
        action={`${base}/contacts`}
        values={contactForm.values}
        errors={contactForm.errors}
        liaisons={liaisons}
        labs={intros.items.map((i) => ({ id: i.labId, name: `${i.lab.name}（${i.university.name}）` }))}
        today={shanghaiMinute(deps.now())}
      />

      <h2 id="timeline">时间线（{timeline.items.length} 条）</h2>
      {timeline.items.length ? (
        <ol class="timeline">
          {timeline.items.map((item) => (
            <li>
              <time datetime={item.at}>{dateTime(item.at)}</time> {item.label}
              {'reason' in item && item.reason ? <>：{item.reason}</> : null}
              {'comment' in item && item.comment ? <>：{item.comment}</> : null}
              {item.actorName ? <span class="muted"> · {item.actorName}</span> : null}
            </li>
          ))}
        </ol>
      ) : (
        <EmptyState title="暂无记录" />
      )}
    </>,
    { title: p.title, heading: `难题工作区：${p.title}`, error: Object.keys(errors).length > 0 },
  );
}

function ContactForm({
  action,
  values,
  errors,
  liaisons,
  labs,
  today,
}: {
  action: string;
  values: RawForm;
  errors: FormErrors;
  liaisons: { id: string; name: string }[];
  labs: { id: string; name: string }[];
  today: string;
}) {
  const posted = values.liaisonIds;
  const picked = new Set(Array.isArray(posted) ? posted : posted ? [posted] : []);
  return (
    <Form action={action} class="form">
      <div class={errors.kind ? 'field field--error' : 'field'}>
        <label class="field__label" for="f-kind">
          方式
        </label>
        {errors.kind ? (
          <p class="field__error" id="f-kind-error">
            {errors.kind}
          </p>
        ) : null}
        <select id="f-kind" name="kind">
          {Object.entries(CONTACT_KIND_LABELS).map(([code, label]) => (
            <option value={code} selected={rawValue(values, 'kind') === code}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <FormField
        name="occurredAt"
        label="时间"
        required
        value={rawValue(values, 'occurredAt') || today}
        error={errors.occurredAt}
        hint="北京时间"
        attrs={{ type: 'datetime-local' }}
      />
      <fieldset>
        <legend>参与的联络员（选填）</legend>
        {errors.liaisonIds ? <p class="field__error">{errors.liaisonIds}</p> : null}
        <div class="checks">
          {liaisons.map((l) => (
            <label>
              <input type="checkbox" name="liaisonIds" value={l.id} checked={picked.has(l.id)} />
              {l.name}
            </label>
          ))}
        </div>
      </fieldset>
      {labs.length ? (
        <div class="field">
          <label class="field__label" for="f-labId">
            参与的实验室<span class="field__optional">（选填）</span>
          </label>
          <select id="f-labId" name="labId">
            <option value="">（无）</option>
            {labs.map((l) => (
              <option value={l.id} selected={rawValue(values, 'labId') === l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <FormField
        name="participantNames"
        label="其他参与人"
        value={rawValue(values, 'participantNames')}
        error={errors.participantNames}
        hint="姓名可注明单位，用逗号或顿号分隔"
      />
      <FormField
        name="summary"
        label="对接内容"
        required
        rows={3}
        value={rawValue(values, 'summary')}
        error={errors.summary}
      />
      <FormField name="outcome" label="对接结果" rows={2} value={rawValue(values, 'outcome')} error={errors.outcome} />
      <FormField name="nextStep" label="下一步" value={rawValue(values, 'nextStep')} error={errors.nextStep} />
      <FormField
        name="followUpOn"
        label="跟进日期"
        type="date"
        value={rawValue(values, 'followUpOn')}
        error={errors.followUpOn}
        hint="到期未跟进会出现在“待跟进”"
      />
      <div class="actions">
        <button type="submit">保存对接记录</button>
      </div>
    </Form>
  );
}
