/**
 * One 合作协议 (`/bureau/agreements/:id`): the agreement's facts and the problems it answers; its
 * 技术合同认定登记 (due date = signing + 30 days, overdue in red, a form to record the registered
 * date and number); its status with only the moves the module allows; the centres built on it.
 */
import type { AppDeps } from '../../deps.js';
import {
  AGREEMENT_STATUSES,
  AGREEMENT_STATUS_LABELS,
  canMoveAgreement,
  REGISTRATION_DAYS,
} from '../../domain/agreements.js';
import type { AgreementView } from '../../modules/agreements/schemas.js';
import { agreementService } from '../../modules/agreements/service.js';
import { centreService } from '../../modules/centres/service.js';
import { Badge, ErrorSummary, Form, FormField, SelectField, type Tone } from '../components/index.js';
import { type FormErrors, type RawForm, rawValue } from '../forms.js';
import type { PageContext } from './shared.js';

export const REGISTRATION_TONES: Record<string, Tone> = {
  registered: 'success',
  pending: 'warning',
  overdue: 'danger',
  not_required: 'neutral',
};

/** 待登记（剩 5 天） / 逾期未登记（逾期 3 天） / 已认定登记 — in words, the colour only adds to them. */
export function registrationText(r: AgreementView['registration']): string {
  if (r.daysLeft === null) return r.stateLabel;
  return r.daysLeft >= 0 ? `${r.stateLabel}（剩 ${r.daysLeft} 天）` : `${r.stateLabel}（逾期 ${-r.daysLeft} 天）`;
}

export const RegistrationBadge = ({ r }: { r: AgreementView['registration'] }) => (
  <Badge text={registrationText(r)} tone={REGISTRATION_TONES[r.state] ?? 'neutral'} />
);

const STATUS_TONES: Record<string, Tone> = {
  signed: 'info',
  in_progress: 'info',
  completed: 'success',
  terminated: 'neutral',
};

export interface AgreementFormState {
  form: 'status' | 'registration';
  values: RawForm;
  errors: FormErrors;
}

export async function renderAgreement(c: PageContext, deps: AppDeps, id: string, state?: AgreementFormState) {
  const actor = c.get('actor');
  const a = await agreementService(deps).get(actor, id);
  const centres = await centreService(deps).list(actor, { agreementId: id, limit: 100, sort: 'name' } as never);
  const base = `/bureau/agreements/${a.id}`;
  const reg = a.registration;
  const next = AGREEMENT_STATUSES.filter((s) => canMoveAgreement(a.status, s));
  const of = (form: AgreementFormState['form']): { values: RawForm; errors: FormErrors } =>
    state?.form === form ? state : { values: {}, errors: {} };
  const regForm = of('registration');
  const statusForm = of('status');
  return c.render(
    <>
      <ErrorSummary errors={state?.errors ?? {}} />
      <p>
        <a href="/bureau/agreements">← 合作协议</a>
      </p>
      <p>
        <Badge text={a.statusLabel} tone={STATUS_TONES[a.status]} /> <RegistrationBadge r={reg} />
      </p>
      <dl class="facts">
        <dt>协议类型</dt>
        <dd>
          {a.typeLabel}
          {a.developmentModeLabel ? `（${a.developmentModeLabel}）` : ''}
        </dd>
        <dt>企业</dt>
        <dd>{a.enterprise.name}</dd>
        <dt>高校/院所</dt>
        <dd>
          {a.university.name}
          {a.lab ? ` · ${a.lab.name}` : ''}
        </dd>
        <dt>解决的难题</dt>
        <dd>
          {a.problems.length ? (
            <ul class="plain-list">
              {a.problems.map((p) => (
                <li>
                  <a href={`/bureau/problems/${p.id}`}>{p.title}</a>（{p.stageLabel}）
                </li>
              ))}
            </ul>
          ) : (
            '—'
          )}
        </dd>
        <dt>合同金额</dt>
        <dd>{a.amountWan === null ? '—' : `${a.amountWan} 万元`}</dd>
        <dt>签订日期</dt>
        <dd>{a.signedOn}</dd>
        <dt>履行期限</dt>
        <dd>{a.startOn || a.endOn ? `${a.startOn ?? '—'} 至 ${a.endOn ?? '—'}` : '—'}</dd>
        {a.summary ? (
          <>
            <dt>协议概要</dt>
            <dd class="prose">{a.summary}</dd>
          </>
        ) : null}
        {a.statusNote ? (
          <>
            <dt>状态说明</dt>
            <dd>{a.statusNote}</dd>
          </>
        ) : null}
      </dl>
      <p class="actions">
        <a href={`${base}/edit`}>修改协议</a>
        <a href={`/bureau/centres/new?agreementId=${a.id}`}>由此协议共建研发中心</a>
      </p>

      <section aria-labelledby="registration">
        <h2 id="registration">技术合同认定登记</h2>
        <dl class="facts">
          <dt>登记截止</dt>
          <dd class={reg.state === 'overdue' ? 'overdue' : undefined}>
            {reg.dueOn}（签订后 {REGISTRATION_DAYS} 天）
          </dd>
          <dt>登记状态</dt>
          <dd>
            <RegistrationBadge r={reg} />
          </dd>
          {reg.registeredOn ? (
            <>
              <dt>登记日期</dt>
              <dd>{reg.registeredOn}</dd>
              <dt>登记编号</dt>
              <dd>{reg.registrationNo}</dd>
            </>
          ) : null}
        </dl>
        {reg.state === 'pending' || reg.state === 'overdue' ? (
          <Form action={`${base}/registration`} class="form form--compact">
            <input type="hidden" name="version" value={String(a.version)} />
            <FormField
              name="registeredOn"
              label="登记日期"
              type="date"
              value={rawValue(regForm.values, 'registeredOn')}
              error={regForm.errors.registeredOn}
              required
            />
            <FormField
              name="registrationNo"
              label="登记编号"
              hint="技术合同登记机构给出的编号"
              value={rawValue(regForm.values, 'registrationNo')}
              error={regForm.errors.registrationNo}
              required
            />
            <div class="actions">
              <button type="submit">记录认定登记</button>
            </div>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="status">
        <h2 id="status">协议状态</h2>
        <p>当前：{a.statusLabel}</p>
        {next.length ? (
          <Form action={`${base}/status`} class="form form--compact">
            <input type="hidden" name="version" value={String(a.version)} />
            <SelectField
              name="status"
              label="改为"
              value={rawValue(statusForm.values, 'status')}
              options={next.map((s) => ({ value: s, label: AGREEMENT_STATUS_LABELS[s] }))}
              empty="请选择"
              error={statusForm.errors.status}
              required
            />
            <FormField
              name="statusNote"
              label="状态说明"
              hint="终止协议时必填，写明原因"
              rows={2}
              value={rawValue(statusForm.values, 'statusNote')}
              error={statusForm.errors.statusNote}
            />
            <div class="actions">
              <button type="submit" class="button--secondary">
                变更状态
              </button>
            </div>
          </Form>
        ) : (
          <p class="muted">协议已{a.statusLabel.replace(/^已/, '')}，状态不再变更。</p>
        )}
      </section>

      <section aria-labelledby="centres">
        <h2 id="centres">依托本协议的共建研发中心</h2>
        {centres.items.length ? (
          <ul>
            {centres.items.map((x: { id: string; name: string; levelLabel: string; statusLabel: string }) => (
              <li>
                <a href={`/bureau/centres/${x.id}`}>{x.name}</a>（{x.levelLabel} · {x.statusLabel}）
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">还没有。校企双方共建研发中心时，点上方“由此协议共建研发中心”录入。</p>
        )}
      </section>
    </>,
    { title: a.title, error: !!state },
  );
}
