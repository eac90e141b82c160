/**
 * 难题详情 for a university liaison: the problem as the policy module redacts it (the enterprise
 * withheld until one of my labs is introduced), its timeline as this role may see it, my earlier
 * interests in it with their status, and the form to express interest for one of my labs.
 */
import type { Context } from 'hono';
import type { AppDeps } from '../../deps.js';
import { ListInterestsQuery } from '../../modules/interests/schemas.js';
import { interestService } from '../../modules/interests/service.js';
import { ListLabsQuery } from '../../modules/labs/schemas.js';
import { labService } from '../../modules/labs/service.js';
import { problemService } from '../../modules/problems/service.js';
import {
  Badge,
  ContactCard,
  describedBy,
  EmptyState,
  ErrorSummary,
  fieldId,
  Form,
  FormField,
  formatDay,
  formatTime,
  StageBadge,
  Timeline,
  ProblemSummaryRows,
} from '../components/index.js';
import type { WebEnv } from '../env.js';
import { type FormErrors, type RawForm, rawValue } from '../forms.js';

export async function needDetailPage(
  c: Context<WebEnv>,
  deps: AppDeps,
  id: string,
  form?: { raw: RawForm; errors: FormErrors },
) {
  const actor = c.get('actor');
  const problem = await problemService(deps).get(actor, id); // not visible to this university → 404
  const [history, interests, labs] = await Promise.all([
    problemService(deps).history(actor, id),
    interestService(deps).list(actor, ListInterestsQuery.parse({ problemId: id, limit: 100 })),
    labService(deps).list(actor, ListLabsQuery.parse({ universityId: actor.universityId!, limit: 100 })),
  ]);
  const errors = form?.errors ?? {};
  const interested = new Set(interests.items.filter((i) => i.status === 'active').map((i) => i.labId));
  const free = labs.items.filter((l) => !interested.has(l.id));
  const e = problem.enterprise;
  return c.render(
    <>
      <ErrorSummary errors={errors} />
      <p class="badges">
        <StageBadge stage={problem.stage} label={problem.stageLabel} />
      </p>
      <dl class="summary-list">
        <dt>发布企业</dt>
        <dd>
          {e ? e.name : '某企业'}
          {problem.enterpriseIndustry ? `（${problem.enterpriseIndustry}）` : ''}
          {problem.enterpriseWithheld ? <p class="muted">企业名称与联系方式在区科技局引荐贵校实验室后显示。</p> : null}
        </dd>
        <ProblemSummaryRows problem={problem} />
        <dt>发布时间</dt>
        <dd>{formatTime(problem.postedAt)}</dd>
      </dl>
      {e ? (
        <>
          <h2>企业联系人</h2>
          <ContactCard
            contact={{ name: e.contactName, phone: e.contactPhone, email: e.contactEmail }}
            withheld="企业未留联系人，请联系区科技局。"
          />
        </>
      ) : null}

      <h2>我校的合作意向（{interests.items.length}）</h2>
      {interests.items.length ? (
        <ul class="cards">
          {interests.items.map((i) => (
            <li class="card">
              <h3>{i.lab.name}</h3>
              <p>
                <Badge text={i.statusLabel} tone={i.status === 'active' ? 'info' : 'neutral'} />
                {i.introduced ? <Badge text="已引荐" tone="success" /> : null}
                <span class="muted"> {formatDay(i.createdAt)}</span>
              </p>
              <p class="prewrap">{i.note}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">贵校还没有实验室对此难题表达意向。</p>
      )}

      <h2 id="interest">表达合作意向</h2>
      {free.length ? (
        <Form action={`/university/needs/${id}/interest`} class="form">
          <div class={errors.labId ? 'field field--error' : 'field'}>
            <label class="field__label" for={fieldId('labId')}>
              以哪个实验室的名义
            </label>
            <div class="field__hint" id={`${fieldId('labId')}-hint`}>
              区科技局会把意向连同实验室档案转给企业。
            </div>
            {errors.labId ? (
              <p id={`${fieldId('labId')}-error`} class="field__error">
                {errors.labId}
              </p>
            ) : null}
            <select id={fieldId('labId')} name="labId" aria-describedby={describedBy('labId', true, errors.labId)}>
              {free.map((l) => (
                <option value={l.id} selected={rawValue(form?.raw, 'labId') === l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          <FormField
            name="note"
            label="意向说明"
            hint="团队的相关基础、类似项目经验和初步设想，2–500 字。企业在引荐前看到这段话。"
            rows={4}
            value={rawValue(form?.raw, 'note')}
            error={errors.note}
            required
          />
          <div class="actions">
            <button type="submit">提交意向</button>
          </div>
        </Form>
      ) : labs.items.length ? (
        <p class="muted">贵校所有实验室都已表达过意向。</p>
      ) : (
        <EmptyState title="贵校还没有实验室档案" action={{ href: '/university/labs/new', label: '添加实验室' }}>
          先建立实验室能力档案，才能以实验室名义表达意向。
        </EmptyState>
      )}

      <h2>进展记录</h2>
      <Timeline items={history.items} />
    </>,
    { title: problem.title, error: Boolean(form) },
  );
}
