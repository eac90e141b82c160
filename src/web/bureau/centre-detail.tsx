/**
 * One 共建研发中心 (`/bureau/centres/:id`): its facts; a status change (only the moves the module
 * allows, with the date and a note); a level upgrade once recognised (higher levels only, with the
 * 文号 and date); and its history — the level steps with their 文号, and the status steps.
 */
import type { AppDeps } from '../../deps.js';
import {
  CENTRE_LEVELS,
  CENTRE_LEVEL_LABELS,
  CENTRE_STATUSES,
  CENTRE_STATUS_LABELS,
  canMoveCentre,
  isHigherLevel,
} from '../../domain/centres.js';
import { shanghaiToday } from '../../domain/calendar.js';
import type { CentreHistoryView } from '../../modules/centres/schemas.js';
import { centreService } from '../../modules/centres/service.js';
import { Badge, ErrorSummary, fieldId, Form, FormField, SelectField, Table, type Tone } from '../components/index.js';
import { type FormErrors, type RawForm, rawValue } from '../forms.js';
import { dateTime, type PageContext } from './shared.js';

type Step = CentreHistoryView['items'][number];

const STATUS_TONES: Record<string, Tone> = {
  planned: 'neutral',
  building: 'info',
  operating: 'info',
  recognized: 'success',
  revoked: 'danger',
};

export interface CentreFormState {
  form: 'status' | 'level';
  values: RawForm;
  errors: FormErrors;
}

export async function renderCentre(c: PageContext, deps: AppDeps, id: string, state?: CentreFormState) {
  const actor = c.get('actor');
  const svc = centreService(deps);
  const [x, history] = await Promise.all([svc.get(actor, id), svc.history(actor, id)]);
  const base = `/bureau/centres/${x.id}`;
  const today = shanghaiToday(deps.now());
  const nextStatuses = CENTRE_STATUSES.filter((s) => canMoveCentre(x.status, s));
  const higher = CENTRE_LEVELS.filter((l) => isHigherLevel(x.level, l));
  const of = (form: CentreFormState['form']): { values: RawForm; errors: FormErrors } =>
    state?.form === form ? state : { values: {}, errors: {} };
  const statusForm = of('status');
  const levelForm = of('level');
  const levels = history.items.filter((h) => h.kind === 'level');
  const statuses = history.items.filter((h) => h.kind === 'status');
  return c.render(
    <>
      <ErrorSummary errors={state?.errors ?? {}} />
      <p>
        <a href="/bureau/centres">← 共建研发中心</a>
      </p>
      <p>
        <Badge text={x.levelLabel} tone="info" /> <Badge text={x.statusLabel} tone={STATUS_TONES[x.status]} />
      </p>
      <dl class="facts">
        <dt>类型</dt>
        <dd>{x.kindLabel}</dd>
        <dt>企业</dt>
        <dd>{x.enterprise.name}</dd>
        <dt>高校/院所</dt>
        <dd>
          {x.university.name}
          {x.lab ? ` · ${x.lab.name}` : ''}
        </dd>
        <dt>依托协议</dt>
        <dd>{x.agreement ? <a href={`/bureau/agreements/${x.agreement.id}`}>{x.agreement.title}</a> : '—'}</dd>
        <dt>级别</dt>
        <dd>{x.levelLabel}</dd>
        <dt>状态</dt>
        <dd>{x.statusLabel}</dd>
        <dt>立项/筹建日期</dt>
        <dd>{x.plannedOn ?? '—'}</dd>
        <dt>成立日期</dt>
        <dd>{x.establishedOn ?? '—'}</dd>
        <dt>认定日期</dt>
        <dd>{x.recognizedOn ?? '—'}</dd>
        {x.revokedOn ? (
          <>
            <dt>撤销日期</dt>
            <dd>{x.revokedOn}</dd>
          </>
        ) : null}
        {x.summary ? (
          <>
            <dt>简介</dt>
            <dd class="prose">{x.summary}</dd>
          </>
        ) : null}
      </dl>
      <p class="actions">
        <a href={`${base}/edit`}>修改中心信息</a>
      </p>

      <div class="split">
        <section aria-labelledby="status" class="split__main">
          <h2 id="status">变更状态</h2>
          {nextStatuses.length ? (
            <Form action={`${base}/status`} class="form form--compact">
              <input type="hidden" name="version" value={String(x.version)} />
              <SelectField
                name="status"
                label="改为"
                hint="筹建 → 建设中 → 运行中 → 已认定，可跳过；撤销须说明原因"
                value={rawValue(statusForm.values, 'status')}
                options={nextStatuses.map((s) => ({ value: s, label: CENTRE_STATUS_LABELS[s] }))}
                empty="请选择"
                error={statusForm.errors.status}
                required
              />
              <FormField
                name="statusOn"
                label="变更日期"
                type="date"
                hint="运行中记为成立日期，已认定记为认定日期；不填为今天"
                value={rawValue(statusForm.values, 'statusOn') || today}
                error={statusForm.errors.statusOn}
              />
              <FormField
                name="statusNote"
                label="状态说明"
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
            <p class="muted">中心已撤销，状态不再变更。</p>
          )}
        </section>
        <section aria-labelledby="upgrade" class="split__side">
          <h2 id="upgrade">级别升级</h2>
          {x.status !== 'recognized' ? (
            <>
              {levelForm.errors.level ? (
                <p id={`${fieldId('level')}-error`} class="field__error">
                  <span class="visually-hidden">错误：</span>
                  {levelForm.errors.level}
                </p>
              ) : null}
              <p id={fieldId('level')} class="muted" tabindex={-1}>
                中心认定（状态改为“已认定”）后，才能记录更高级别的认定。
              </p>
            </>
          ) : higher.length ? (
            <Form action={`${base}/level`} class="form form--compact">
              <input type="hidden" name="version" value={String(x.version)} />
              <SelectField
                name="level"
                label="升级为"
                value={rawValue(levelForm.values, 'level')}
                options={higher.map((l) => ({ value: l, label: CENTRE_LEVEL_LABELS[l] }))}
                empty="请选择"
                error={levelForm.errors.level}
                required
              />
              <FormField
                name="effectiveOn"
                label="认定日期"
                type="date"
                value={rawValue(levelForm.values, 'effectiveOn')}
                error={levelForm.errors.effectiveOn}
                required
              />
              <FormField
                name="documentNo"
                label="认定文号"
                hint="例如 市科技〔2026〕88号"
                value={rawValue(levelForm.values, 'documentNo')}
                error={levelForm.errors.documentNo}
              />
              <FormField
                name="note"
                label="说明"
                rows={2}
                value={rawValue(levelForm.values, 'note')}
                error={levelForm.errors.note}
              />
              <div class="actions">
                <button type="submit">记录升级</button>
              </div>
            </Form>
          ) : (
            <p class="muted">已是最高级别（国家级）。</p>
          )}
        </section>
      </div>

      <section aria-labelledby="levels">
        <h2 id="levels">级别沿革</h2>
        <Table<Step>
          caption="级别沿革"
          captionHidden
          rows={levels}
          columns={[
            { label: '认定日期', cell: (h) => h.effectiveOn ?? '—' },
            {
              label: '级别',
              cell: (h) => (h.fromLabel ? `${h.fromLabel} → ${h.toLabel}` : `${h.toLabel}（建设/申报）`),
            },
            { label: '文号', cell: (h) => h.documentNo ?? '—' },
            { label: '说明', cell: (h) => h.note ?? '—' },
            { label: '记录人', cell: (h) => `${h.actorName}（${dateTime(h.at)}）` },
          ]}
        />
      </section>
      <section aria-labelledby="statuses">
        <h2 id="statuses">状态记录</h2>
        <Table<Step>
          caption="状态记录"
          captionHidden
          rows={statuses}
          columns={[
            { label: '日期', cell: (h) => h.effectiveOn ?? '—' },
            { label: '状态', cell: (h) => (h.fromLabel ? `${h.fromLabel} → ${h.toLabel}` : h.toLabel) },
            { label: '说明', cell: (h) => h.note ?? '—' },
            { label: '记录人', cell: (h) => `${h.actorName}（${dateTime(h.at)}）` },
          ]}
        />
      </section>
    </>,
    { title: x.name, error: !!state },
  );
}
