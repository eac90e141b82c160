/**
 * 待跟进 (`/bureau/follow-ups`): overdue and upcoming follow-ups, problems gone quiet, and
 * 技术合同认定登记 deadlines near or missed — for one liaison (`?liaisonId=`) or for all. A
 * follow-up is marked done with a note in one step (the contacts service, same audit row as the API).
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import { CompleteFollowUp } from '../../modules/contacts/schemas.js';
import { contactService } from '../../modules/contacts/service.js';
import { FollowUpsQuery, type FollowUpsView } from '../../modules/pipeline/schemas.js';
import { pipelineService } from '../../modules/pipeline/service.js';
import { Badge, EmptyState, Form, formatDay, Table } from '../components/index.js';
import type { WebEnv } from '../env.js';
import { idParam } from '../ids.js';
import { FORM_ERROR, type FormErrors, parseForm } from '../forms.js';
import { flash } from '../session.js';
import {
  actionErrors,
  bureauLiaisons,
  changeCtx,
  LiaisonSelect,
  type PageContext,
  QueryErrors,
  QuietDays,
  readQuery,
} from './shared.js';

type FollowUp = FollowUpsView['overdue']['items'][number];

export function followUpPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const pipeline = pipelineService(deps);
  const contacts = contactService(deps);

  async function render(c: PageContext, failed?: { contactId: string; errors: FormErrors; note: string }) {
    const { values: q, errors } = readQuery(c, FollowUpsQuery);
    const [view, liaisons] = await Promise.all([pipeline.followUps(q), bureauLiaisons(deps, c)]);
    const here = new URL(c.req.url);
    const back = here.pathname + here.search;

    const doneForm = (f: FollowUp) => {
      const id = `note-${f.contactId}`;
      const err = failed?.contactId === f.contactId ? failed.errors : undefined;
      return (
        <Form action={`/bureau/follow-ups/${f.contactId}/done`} class="row-form">
          <input type="hidden" name="back" value={back} />
          <label for={id} class="visually-hidden">
            跟进情况（选填）
          </label>
          {err ? (
            <p class="field__error" id={`${id}-error`}>
              {err.note ?? err[FORM_ERROR]}
            </p>
          ) : null}
          <input
            id={id}
            name="note"
            type="text"
            maxlength={500}
            placeholder="跟进情况（选填）"
            value={err ? failed!.note : ''}
            aria-describedby={err ? `${id}-error` : undefined}
            aria-invalid={err ? 'true' : undefined}
          />
          <button type="submit" class="button--small">
            已跟进
          </button>
        </Form>
      );
    };
    const followColumns = (overdue: boolean) => [
      {
        label: overdue ? '逾期' : '还有',
        numeric: true,
        cell: (f: FollowUp) => (
          <Badge text={`${f.days} 天`} tone={overdue ? 'danger' : f.days <= 1 ? 'warning' : 'neutral'} />
        ),
      },
      { label: '跟进日期', cell: (f: FollowUp) => f.followUpOn },
      {
        label: '企业 / 难题',
        cell: (f: FollowUp) => (
          <>
            {f.enterprise.name}
            {f.problem ? (
              <>
                <br />
                <a href={`/bureau/problems/${f.problem.id}#timeline`}>{f.problem.title}</a>
              </>
            ) : null}
          </>
        ),
      },
      {
        label: '上次对接',
        cell: (f: FollowUp) => (
          <>
            {formatDay(f.occurredAt)} {f.kindLabel}：{f.summary}
          </>
        ),
      },
      { label: '下一步', cell: (f: FollowUp) => f.nextStep ?? '—' },
      { label: '联络员', cell: (f: FollowUp) => f.liaisons.map((l) => l.name).join('、') || '—' },
      { label: '操作', cell: doneForm },
    ];

    return c.render(
      <>
        <QueryErrors errors={errors} />
        <form method="get" action="/bureau/follow-ups" class="filters" aria-label="筛选">
          <LiaisonSelect liaisons={liaisons} value={q.liaisonId} />
          <div class="field field--inline">
            <label class="field__label" for="f-days">
              即将跟进（天内）
            </label>
            <input id="f-days" name="days" type="number" min="0" max="90" value={String(q.days)} inputmode="numeric" />
          </div>
          <div class="field field--inline">
            <label class="field__label" for="f-staleDays">
              停滞（天以上无动态）
            </label>
            <input
              id="f-staleDays"
              name="staleDays"
              type="number"
              min="0"
              max="3650"
              value={String(q.staleDays)}
              inputmode="numeric"
            />
          </div>
          <button type="submit" class="button--secondary">
            筛选
          </button>
        </form>
        <p>
          截至 {view.asOf}。<a href="#overdue">逾期 {view.overdue.total}</a> ·{' '}
          <a href="#upcoming">即将 {view.upcoming.total}</a> · <a href="#stale">停滞 {view.stale.total}</a> ·{' '}
          <a href="#registrations">认定登记 {view.registrations.total}</a>
        </p>

        <h2 id="overdue">逾期未跟进（共 {view.overdue.total} 条）</h2>
        {view.overdue.items.length ? (
          <Table caption="逾期未跟进" captionHidden rows={view.overdue.items} columns={followColumns(true)} />
        ) : (
          <EmptyState title="没有逾期的跟进" />
        )}

        <h2 id="upcoming">
          {q.days} 天内要跟进（共 {view.upcoming.total} 条）
        </h2>
        {view.upcoming.items.length ? (
          <Table caption="即将跟进" captionHidden rows={view.upcoming.items} columns={followColumns(false)} />
        ) : (
          <EmptyState title={`${q.days} 天内没有要跟进的对接`}>
            在难题工作区记录对接时填写“跟进日期”，到期前会出现在这里。
          </EmptyState>
        )}

        <h2 id="stale">
          停滞的难题（{q.staleDays} 天以上无动态，共 {view.stale.total} 条）
        </h2>
        {view.stale.items.length ? (
          <Table
            caption="停滞的难题"
            captionHidden
            rows={view.stale.items}
            columns={[
              { label: '难题', cell: (i) => <a href={`/bureau/problems/${i.problem.id}`}>{i.problem.title}</a> },
              { label: '企业', cell: (i) => i.problem.enterprise.name },
              { label: '阶段', cell: (i) => i.stageLabel },
              { label: '联络员', cell: (i) => i.liaison?.name ?? '未指定' },
              { label: '无动态', cell: (i) => <QuietDays days={i.daysSinceActivity} /> },
            ]}
          />
        ) : (
          <EmptyState title="没有停滞的难题" />
        )}

        <h2 id="registrations">
          技术合同认定登记（{q.registrationDays} 天内截止或已逾期，共 {view.registrations.total} 条）
        </h2>
        {view.registrations.items.length ? (
          <Table
            caption="认定登记截止"
            captionHidden
            rows={view.registrations.items}
            columns={[
              { label: '协议', cell: (r) => <a href={`/bureau/agreements/${r.agreementId}`}>{r.title}</a> },
              { label: '类型', cell: (r) => r.typeLabel },
              { label: '签约方', cell: (r) => `${r.enterprise.name} / ${r.university.name}` },
              { label: '签订', cell: (r) => r.signedOn },
              { label: '截止', cell: (r) => r.dueOn },
              {
                label: '状态',
                cell: (r) => (
                  <Badge
                    text={r.overdue ? `已逾期 ${-r.daysLeft} 天` : `还有 ${r.daysLeft} 天`}
                    tone={r.overdue ? 'danger' : 'warning'}
                  />
                ),
              },
            ]}
          />
        ) : (
          <EmptyState title="没有临近或逾期的认定登记" />
        )}
      </>,
      { title: '待跟进', error: !!failed },
    );
  }

  app.get('/bureau/follow-ups', (c) => render(c));

  app.post(`/bureau/follow-ups/${idParam()}/done`, async (c) => {
    const id = c.req.param('id');
    const form = await parseForm(c, CompleteFollowUp);
    const back = String(form.raw.back ?? '');
    const target = /^\/bureau\/follow-ups(?:[?#]|$)/.test(back) ? back : '/bureau/follow-ups';
    const note = String(form.raw.note ?? '');
    if (!form.ok) return render(c, { contactId: id, errors: form.errors, note });
    try {
      await contacts.completeFollowUp(changeCtx(c), id, form.values.note ?? null, undefined);
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return render(c, { contactId: id, errors, note });
    }
    flash(c, deps, '已标记为已跟进');
    return c.redirect(target, 303);
  });
  return app;
}
