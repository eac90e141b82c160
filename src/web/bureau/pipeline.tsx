/**
 * 看板 (`/bureau/pipeline`): the published problems by stage — a kanban (columns with counts, the
 * quietest cards first) or the same as a sortable table (`?view=table`). Filters in the URL:
 * liaison, 技术领域, posting period, stage; `amber`/`red` set when a card turns amber or red
 * (14 and 30 days by default). A card moves along the allowed stages on `/bureau/pipeline/:id/move`
 * with a reason (the same update as the API).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { canTransition, STAGE_CODES, STAGE_LABELS } from '../../domain/stages.js';
import { DOMAINS } from '../../domain/taxonomy.js';
import { sizedText } from '../../http/common-fields.js';
import { PipelineQuery, type PipelineItemView } from '../../modules/pipeline/schemas.js';
import { pipelineService } from '../../modules/pipeline/service.js';
import { Stage } from '../../modules/problems/schemas.js';
import { problemService } from '../../modules/problems/service.js';
import {
  EmptyState,
  ErrorSummary,
  Form,
  FormField,
  formatDay,
  cursorLinks,
  Pager,
  Table,
  withQuery,
} from '../components/index.js';
import type { WebEnv } from '../env.js';
import { idParam } from '../ids.js';
import { type FormErrors, parseForm, type RawForm, rawValue } from '../forms.js';
import { flash } from '../session.js';
import {
  actionErrors,
  bureauLiaisons,
  changeCtx,
  dateTime,
  LiaisonSelect,
  type PageContext,
  QueryErrors,
  QuietDays,
  readQuery,
  STALE_DAYS,
} from './shared.js';

const PER_STAGE = 20;
const Threshold = (fallback: number) =>
  z.coerce
    .number({ message: '须为整数' })
    .int('须为整数')
    .min(1, '至少 1 天')
    .max(3650, '不超过 3650')
    .default(fallback);
const BoardQuery = PipelineQuery.extend({
  view: z.enum(['board', 'table'], { message: '视图须为 board 或 table' }).default('board'),
  amber: Threshold(STALE_DAYS.amber),
  red: Threshold(STALE_DAYS.red),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
const MoveForm = z.object({
  stage: Stage,
  stageReason: sizedText(2, 500, '阶段变更原因'),
  next: z.string().max(2000).optional(),
});

/** Only back into the pipeline: `next` is echoed from our own link, never an open redirect. */
const backTo = (next: string | undefined) =>
  next && /^\/bureau\/pipeline(?:[?#]|$)/.test(next) ? next : '/bureau/pipeline';

function Card({ item, amber, red, back }: { item: PipelineItemView; amber: number; red: number; back: string }) {
  return (
    <li class="card">
      <a class="card__title" href={`/bureau/problems/${item.problem.id}`}>
        {item.problem.title}
      </a>
      <span class="card__meta">{item.problem.enterprise.name}</span>
      <span class="card__meta">联络员：{item.liaison?.name ?? '未指定'}</span>
      <span class="card__meta">
        <QuietDays days={item.daysSinceActivity} amber={amber} red={red} /> {item.lastActivityLabel}
      </span>
      <a class="card__move" href={withQuery(`/bureau/pipeline/${item.problem.id}/move`, { next: back })}>
        移动<span class="visually-hidden">：{item.problem.title}</span>
      </a>
    </li>
  );
}

export function pipelinePages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  const pipeline = pipelineService(deps);
  const problems = problemService(deps);

  app.get('/bureau/pipeline', async (c) => {
    const { values: q, errors } = readQuery(c, BoardQuery);
    const here = new URL(c.req.url);
    const back = here.pathname + here.search;
    const liaisons = await bureauLiaisons(deps, c);
    const filters = (
      <form method="get" action="/bureau/pipeline" class="filters" aria-label="筛选">
        <input type="hidden" name="view" value={q.view} />
        <LiaisonSelect liaisons={liaisons} value={q.liaisonId} />
        <div class="field field--inline">
          <label class="field__label" for="f-domains">
            技术领域
          </label>
          <select id="f-domains" name="domains">
            <option value="">全部领域</option>
            {DOMAINS.map((d) => (
              <option value={d.code} selected={q.domains?.[0] === d.code}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field field--inline">
          <label class="field__label" for="f-postedFrom">
            发布日期起
          </label>
          <input id="f-postedFrom" type="date" name="postedFrom" value={q.postedFrom ?? ''} />
        </div>
        <div class="field field--inline">
          <label class="field__label" for="f-postedTo">
            止
          </label>
          <input id="f-postedTo" type="date" name="postedTo" value={q.postedTo ?? ''} />
        </div>
        <div class="field field--inline">
          <label class="field__label" for="f-stage">
            阶段
          </label>
          <select id="f-stage" name="stage">
            <option value="">全部阶段</option>
            {STAGE_CODES.map((s) => (
              <option value={s} selected={q.stage?.length === 1 && q.stage[0] === s}>
                {STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button--secondary">
          筛选
        </button>
        <a href={`/bureau/pipeline?view=${q.view}`}>清除筛选</a>
      </form>
    );
    const views = (
      <p class="view-switch">
        视图：
        {q.view === 'board' ? (
          <strong>看板</strong>
        ) : (
          <a href={withQuery(back, { view: undefined, cursor: undefined })}>看板</a>
        )}
        {' · '}
        {q.view === 'table' ? <strong>表格</strong> : <a href={withQuery(back, { view: 'table' })}>表格</a>}
        <span class="muted">
          （{q.amber} 天无动态标黄，{q.red} 天标红）
        </span>
      </p>
    );

    if (q.view === 'board') {
      const board = await pipeline.board(q, PER_STAGE);
      const total = board.columns.reduce((n, col) => n + col.count, 0);
      return c.render(
        <>
          <QueryErrors errors={errors} />
          {filters}
          {views}
          <p>
            共 {total} 条已发布难题（截至 {board.asOf}）。每列先列最久没有动态的。
          </p>
          <div class="board">
            {board.columns.map((col) => (
              <section class="board__column" aria-labelledby={`col-${col.stage}`}>
                <h2 id={`col-${col.stage}`} class="board__title">
                  {col.label} <span class="board__count">{col.count}</span>
                </h2>
                {col.items.length ? (
                  <ul class="cards">
                    {col.items.map((item) => (
                      <Card item={item} amber={q.amber} red={q.red} back={back} />
                    ))}
                  </ul>
                ) : (
                  <p class="muted">无</p>
                )}
                {col.count > col.items.length ? (
                  <a href={withQuery(back, { view: 'table', stage: col.stage })}>查看全部 {col.count} 条</a>
                ) : null}
              </section>
            ))}
          </div>
        </>,
        { title: '看板' },
      );
    }

    const page = await pipeline.pipeline(q);
    const sortLink = (field: 'lastActivityAt' | 'postedAt' | 'title', label: string) => {
      const current = q.sort.replace(/^-/, '');
      const desc = q.sort.startsWith('-');
      const next = current === field && !desc ? `-${field}` : field;
      return {
        label,
        sortHref: withQuery(back, { sort: next, cursor: undefined }),
        sorted: current === field ? (desc ? ('descending' as const) : ('ascending' as const)) : undefined,
      };
    };
    return c.render(
      <>
        <QueryErrors errors={errors} />
        {filters}
        {views}
        {page.items.length ? (
          <Table
            caption={`难题进度，共 ${page.total} 条`}
            rows={page.items}
            columns={[
              {
                ...sortLink('title', '标题'),
                cell: (i) => <a href={`/bureau/problems/${i.problem.id}`}>{i.problem.title}</a>,
              },
              { label: '企业', cell: (i) => i.problem.enterprise.name },
              { label: '阶段', cell: (i) => i.stageLabel },
              { label: '联络员', cell: (i) => i.liaison?.name ?? '未指定' },
              { ...sortLink('postedAt', '发布'), cell: (i) => formatDay(i.problem.postedAt) },
              {
                ...sortLink('lastActivityAt', '最近动态'),
                cell: (i) => (
                  <>
                    {dateTime(i.lastActivityAt)} {i.lastActivityLabel}
                  </>
                ),
              },
              { label: '无动态', cell: (i) => <QuietDays days={i.daysSinceActivity} amber={q.amber} red={q.red} /> },
              {
                label: '操作',
                cell: (i) => <a href={withQuery(`/bureau/pipeline/${i.problem.id}/move`, { next: back })}>移动</a>,
              },
            ]}
          />
        ) : (
          <EmptyState title="没有符合条件的难题">
            放宽筛选条件，或 <a href="/bureau/pipeline?view=table">清除筛选</a>。
          </EmptyState>
        )}
        <Pager total={page.total} shown={page.items.length} {...cursorLinks(back, q.limit, page.nextCursor)} />
      </>,
      { title: '看板' },
    );
  });

  async function renderMove(c: PageContext, id: string, values: RawForm, errors: FormErrors = {}) {
    const p = await problems.get(c.get('actor'), id);
    const options = STAGE_CODES.filter((s) => canTransition(p.stage, s));
    const next = backTo(rawValue(values, 'next') || c.req.query('next'));
    return c.render(
      <>
        <ErrorSummary errors={errors} />
        <p>
          「{p.title}」（{p.enterprise?.name}）当前为 <strong>{p.stageLabel}</strong>。
        </p>
        <Form action={`/bureau/pipeline/${p.id}/move`} class="form">
          <input type="hidden" name="next" value={next} />
          <fieldset>
            <legend>移到</legend>
            {errors.stage ? (
              <p class="field__error" id="f-stage-error">
                {errors.stage}
              </p>
            ) : null}
            {options.map((s, i) => (
              <label class="radio">
                <input
                  type="radio"
                  name="stage"
                  value={s}
                  id={i === 0 ? 'f-stage' : undefined}
                  checked={rawValue(values, 'stage') ? rawValue(values, 'stage') === s : i === 0}
                />
                {STAGE_LABELS[s]}
              </label>
            ))}
          </fieldset>
          <FormField
            name="stageReason"
            label="原因"
            required
            rows={3}
            value={rawValue(values, 'stageReason')}
            error={errors.stageReason}
            hint="企业能看到这段文字，高校看不到。"
          />
          <div class="actions">
            <button type="submit">移动</button>
            <a href={next}>取消</a>
          </div>
        </Form>
      </>,
      { title: `移动：${p.title}`, heading: '变更阶段', error: Object.keys(errors).length > 0 },
    );
  }

  app.get(`/bureau/pipeline/${idParam()}/move`, (c) => renderMove(c, c.req.param('id'), {}));

  app.post(`/bureau/pipeline/${idParam()}/move`, async (c) => {
    const id = c.req.param('id');
    const form = await parseForm(c, MoveForm);
    if (!form.ok) return renderMove(c, id, form.raw, form.errors);
    // A card carries no version: the move applies to the problem as it is now (the reason is recorded).
    const current = await problems.get(c.get('actor'), id);
    try {
      await problems.update(
        changeCtx(c),
        id,
        { version: current.version, from: 'body' },
        { stage: form.values.stage, stageReason: form.values.stageReason },
      );
    } catch (err) {
      const errors = actionErrors(err);
      if (!errors) throw err;
      return renderMove(c, id, form.raw, errors);
    }
    flash(c, deps, `已移到「${STAGE_LABELS[form.values.stage]}」`);
    return c.redirect(backTo(form.values.next), 303);
  });
  return app;
}
