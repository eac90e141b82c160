/**
 * 需求大厅: published needs through the search engine with the viewer's access filters (the policy
 * module's), facets for domain and stage with counts, posted-date and budget ranges, highlights,
 * sort and paging, every filter in the URL. The form searches as the user types (htmx swaps the
 * results and pushes the URL; the facet counts beside the filters come along as out-of-band swaps,
 * so they follow the results without replacing the checkboxes the user is on). An enterprise reads as “某企业” until one of my labs was
 * introduced to its problem.
 */
import type { Context } from 'hono';
import { DOMAIN_NAMES, DOMAINS, type DomainCode } from '../../domain/taxonomy.js';
import type { AppDeps } from '../../deps.js';
import { ListIntroductionsQuery } from '../../modules/introductions/schemas.js';
import { introductionService } from '../../modules/introductions/service.js';
import { STAGE_LABELS } from '../../domain/stages.js';
import { SearchQuerySchema } from '../../modules/search/schemas.js';
import { searchService } from '../../modules/search/service.js';
import { hasSearchableText } from '../../search/text/chars.js';
import {
  EmptyState,
  ErrorSummary,
  fieldId,
  formatDay,
  formatWan,
  Highlighted,
  SortLinks,
  StageBadge,
  withQuery,
} from '../components/index.js';
import type { WebEnv } from '../env.js';
import type { FormErrors } from '../forms.js';
import { currentUrl, pageQuery } from '../query.js';

const PAGE_SIZE = 20;
/** Stages a liaison can still act on come first; solved needs stay findable for reference. */
const STAGES = ['open', 'matching', 'contacted', 'negotiating', 'agreed', 'solved'] as const;
const SORTS = [
  { value: '', label: '相关度' },
  { value: '-postedAt', label: '最新发布' },
  { value: '-budgetWan', label: '预算从高到低' },
  { value: 'deadline', label: '截止日期' },
];

type Doc = {
  title?: string;
  description?: string;
  domains?: string[];
  keywords?: string[];
  stage?: string;
  budgetWan?: number | null;
  deadline?: number | null;
  postedAt?: number;
  enterpriseIndustry?: string | null;
};
const fromEpoch = (s: number | null | undefined) => (s ? new Date(s * 1000) : null);
const list = (v: string | undefined) => (v ? v.split(',').filter(Boolean) : []);

/** The URL's multi-valued filters may come as repeated parameters (a GET form) or comma lists. */
function queryInput(c: Context) {
  const q = c.req.queries();
  const one = (k: string) => c.req.query(k) || undefined;
  const many = (k: string) => (q[k] ?? []).flatMap(list).join(',') || undefined;
  const page = Math.max(1, Number.parseInt(one('page') ?? '1', 10) || 1);
  return {
    index: 'problems',
    q: one('q'),
    domains: many('domains'),
    stage: many('stage'),
    postedFrom: one('postedFrom'),
    postedTo: one('postedTo'),
    budgetMin: one('budgetMin'),
    budgetMax: one('budgetMax'),
    sort: one('sort'),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
}

export async function needsPage(c: Context<WebEnv>, deps: AppDeps) {
  const actor = c.get('actor');
  const input = queryInput(c);
  const { values, errors } = pageQuery(c, SearchQuerySchema, input);
  // The page number became an offset for the schema; the notice names what the person typed.
  if (errors.offset) {
    delete errors.offset;
    errors.page = `页码“${c.req.query('page')}”无效`;
  }
  // A keyword of emoji or punctuation only makes no query terms: say so rather than list everything as its hits.
  const unsearchable = values.q !== undefined && !hasSearchableText(values.q);
  const [result, intros] = await Promise.all([
    searchService(deps.search.engine).search(actor, unsearchable ? { ...values, q: undefined } : values),
    // Problems my labs were introduced to: there the enterprise's name may be shown.
    introductionService(deps).list(
      actor,
      ListIntroductionsQuery.parse({ status: 'introduced,accepted,declined', limit: 100 }),
    ),
  ]);
  const revealed = new Map(intros.items.filter((i) => i.enterprise).map((i) => [i.problemId, i.enterprise!.name]));
  const url = currentUrl(c);
  const page = Math.floor(values.offset / PAGE_SIZE) + 1;
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const results = (
    <div id="results" aria-live="polite">
      {unsearchable ? (
        <p class="notice" role="status">
          关键词“{values.q}”里没有汉字、字母或数字，无法检索；下面列出的是全部需求。
        </p>
      ) : null}
      <p class="result-count">
        共找到 <strong>{result.total}</strong> 条需求
        {values.q && !unsearchable ? `（关键词“${values.q}”，含同义词）` : ''}
      </p>
      <SortLinks url={withQuery(url, { page: undefined })} current={values.sort ?? ''} options={SORTS} />
      {result.hits.length ? (
        <ol class="results">
          {result.hits.map((h) => {
            const d = h.document as Doc;
            return (
              <li class="card">
                <h2 class="card__title">
                  <a href={`/university/needs/${h.id}`}>
                    <Highlighted snippet={h.highlights?.title} fallback={d.title ?? ''} />
                  </a>
                </h2>
                <p class="muted">
                  {revealed.get(h.id) ?? '某企业'}
                  {d.enterpriseIndustry ? `（${d.enterpriseIndustry}）` : ''} · 发布于{' '}
                  {formatDay(fromEpoch(d.postedAt))} · 预算 {formatWan(d.budgetWan)}
                  {d.deadline ? ` · 期望 ${formatDay(fromEpoch(d.deadline))} 前完成` : ''}
                </p>
                <p class="card__snippet">
                  <Highlighted snippet={h.highlights?.description} fallback={(d.description ?? '').slice(0, 160)} />
                </p>
                <p>
                  {d.stage ? (
                    <StageBadge stage={d.stage} label={STAGE_LABELS[d.stage as keyof typeof STAGE_LABELS] ?? d.stage} />
                  ) : null}{' '}
                  <span class="muted">
                    {(d.domains ?? []).map((x) => DOMAIN_NAMES[x as DomainCode] ?? x).join('、')}
                  </span>
                </p>
              </li>
            );
          })}
        </ol>
      ) : (
        <EmptyState title="没有找到符合条件的需求" action={{ href: '/university/needs', label: '清除全部筛选' }}>
          试试更短或更通用的关键词（系统会自动匹配同义词，如“视觉检测”也能找到“机器视觉”），或减少领域、预算、日期筛选。
        </EmptyState>
      )}
      <nav class="pager" aria-label="分页">
        <p class="pager__count">
          第 {page} / {pages} 页
        </p>
        <ul>
          {page > 1 ? (
            <li>
              <a href={withQuery(url, { page: page - 1 > 1 ? page - 1 : undefined })} rel="prev">
                上一页
              </a>
            </li>
          ) : null}
          {page < pages ? (
            <li>
              <a href={withQuery(url, { page: page + 1 })} rel="next">
                下一页
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
    </div>
  );
  if (c.req.header('hx-request') === 'true')
    return c.html(
      <>
        {results}
        <FacetCounts facets={result.facets} />
      </>,
    );
  return c.render(<NeedsPage values={values} facets={result.facets} errors={errors} results={results} />, {
    title: '需求大厅',
    error: Object.keys(errors).length > 0,
  });
}

/** The filters' facets and the values counted beside them. */
const FACETS = [
  { facet: 'domains', keys: DOMAINS.map((d) => d.code) as readonly string[] },
  { facet: 'stage', keys: STAGES as readonly string[] },
];

/** One facet count beside its checkbox; `oob` makes it an out-of-band swap of the span with its id. */
function FacetCount(p: {
  facets: Record<string, Record<string, number>>;
  facet: string;
  value: string;
  oob?: boolean;
}) {
  const n = p.facets[p.facet]?.[p.value];
  return (
    <span id={`facet-${p.facet}-${p.value}`} class="muted" hx-swap-oob={p.oob ? 'true' : undefined}>
      {n !== undefined ? `（${n}）` : ''}
    </span>
  );
}

/** Every facet count, for an htmx answer: each replaces its namesake beside the filters. */
function FacetCounts({ facets }: { facets: Record<string, Record<string, number>> }) {
  return (
    <>
      {FACETS.flatMap(({ facet, keys }) =>
        keys.map((value) => <FacetCount facets={facets} facet={facet} value={value} oob />),
      )}
    </>
  );
}

function NeedsPage(p: {
  values: ReturnType<typeof SearchQuerySchema.parse>;
  facets: Record<string, Record<string, number>>;
  errors: FormErrors;
  results: unknown;
}) {
  const v = p.values;
  return (
    <>
      <ErrorSummary errors={p.errors} title="以下筛选条件无效，已忽略" named />
      <div class="with-filters">
        <form
          class="filters"
          action="/university/needs"
          method="get"
          role="search"
          hx-get="/university/needs"
          hx-trigger="input delay:300ms from:find input[type=search], change"
          hx-target="#results"
          hx-swap="outerHTML"
          hx-push-url="true"
        >
          <div class="field">
            <label class="field__label" for={fieldId('q')}>
              关键词
            </label>
            <div class="field__hint" id="f-q-hint">
              中英文皆可，自动匹配同义词与缩写（如 AOI、视觉检测）。
            </div>
            <input
              id={fieldId('q')}
              name="q"
              type="search"
              value={v.q ?? ''}
              aria-describedby="f-q-hint"
              autocomplete="off"
            />
          </div>
          <fieldset>
            <legend>技术领域</legend>
            {DOMAINS.map((d) => (
              <label class="checkbox">
                <input type="checkbox" name="domains" value={d.code} checked={v.domains?.includes(d.code)} />
                {d.name}
                <FacetCount facets={p.facets} facet="domains" value={d.code} />
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>阶段</legend>
            {STAGES.map((s) => (
              <label class="checkbox">
                <input type="checkbox" name="stage" value={s} checked={v.stage?.includes(s)} />
                {STAGE_LABELS[s]}
                <FacetCount facets={p.facets} facet="stage" value={s} />
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>发布日期</legend>
            <label class="field__label" for="f-postedFrom">
              从
            </label>
            <input id="f-postedFrom" name="postedFrom" type="date" value={v.postedFrom ?? ''} />
            <label class="field__label" for="f-postedTo">
              到
            </label>
            <input id="f-postedTo" name="postedTo" type="date" value={v.postedTo ?? ''} />
          </fieldset>
          <fieldset>
            <legend>预算（万元）</legend>
            <label class="field__label" for="f-budgetMin">
              不低于
            </label>
            <input
              id="f-budgetMin"
              name="budgetMin"
              type="number"
              min="0"
              inputmode="decimal"
              value={v.budgetMin ?? ''}
            />
            <label class="field__label" for="f-budgetMax">
              不高于
            </label>
            <input
              id="f-budgetMax"
              name="budgetMax"
              type="number"
              min="0"
              inputmode="decimal"
              value={v.budgetMax ?? ''}
            />
          </fieldset>
          {v.sort ? <input type="hidden" name="sort" value={v.sort} /> : null}
          <div class="actions">
            <button type="submit">搜索</button>
            <a href="/university/needs">清除筛选</a>
          </div>
        </form>
        {p.results}
      </div>
    </>
  );
}
