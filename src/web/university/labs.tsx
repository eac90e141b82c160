/**
 * 我的实验室: my university's lab profiles with a completeness meter, the form to create or edit
 * one (the API's own schema), and for each lab the open problems that match it, with the matching
 * service's reasons and confidence.
 */
import type { Context } from 'hono';
import type { AppDeps } from '../../deps.js';
import { CreateLab, type LabView, ListLabsQuery } from '../../modules/labs/schemas.js';
import { labService } from '../../modules/labs/service.js';
import { MatchQuery } from '../../modules/matching/schemas.js';
import { CONFIDENCE_LABELS, matchingService } from '../../modules/matching/service.js';
import {
  Badge,
  domainNames,
  ContactFields,
  DomainPicker,
  EmptyState,
  ErrorSummary,
  Form,
  FormField,
  formatTime,
  formatWan,
  joinList,
  cursorLinks,
  Pager,
  SortLinks,
} from '../components/index.js';
import type { WebEnv } from '../env.js';
import { type FormErrors, type RawForm, rawValue } from '../forms.js';
import { currentUrl, pageQuery } from '../query.js';
import { completeness } from './lab-completeness.js';

const LAB_SORTS = [
  { value: 'name', label: '名称' },
  { value: '-updatedAt', label: '最近更新' },
];

/** The fields a liaison writes for a lab of their own university. */
export const LabFields = CreateLab.omit({ universityId: true });

function Meter({ lab }: { lab: LabView }) {
  const { percent } = completeness(lab);
  return (
    <span class="meter">
      <meter
        min={0}
        max={100}
        value={percent}
        low={50}
        high={85}
        optimum={100}
        aria-label={`档案完整度 ${percent}%`}
      ></meter>
      <span>完整度 {percent}%</span>
    </span>
  );
}

export async function labsPage(c: Context<WebEnv>, deps: AppDeps) {
  const actor = c.get('actor');
  const { values } = pageQuery(c, ListLabsQuery, { universityId: actor.universityId! });
  const page = await labService(deps).list(actor, values);
  const url = currentUrl(c);
  return c.render(
    <>
      <p class="actions">
        <a class="button" href="/university/labs/new">
          添加实验室
        </a>
      </p>
      <SortLinks url={url} current={values.sort ?? 'name'} options={LAB_SORTS} />
      {page.items.length ? (
        <>
          <ul class="cards">
            {page.items.map((l) => (
              <li class="card">
                <h2 class="card__title">
                  <a href={`/university/labs/${l.id}`}>{l.name}</a>
                </h2>
                <p class="muted">
                  {domainNames(l.domains)} · 关键词：{joinList(l.keywords)}
                </p>
                <Meter lab={l} />
              </li>
            ))}
          </ul>
          <Pager total={page.total} shown={page.items.length} {...cursorLinks(url, values.limit, page.nextCursor)} />
        </>
      ) : (
        <EmptyState title="还没有实验室档案" action={{ href: '/university/labs/new', label: '添加第一个实验室' }}>
          建立实验室能力档案后，系统会为它匹配企业难题，区科技局也能据此引荐。
        </EmptyState>
      )}
    </>,
    { title: '我的实验室' },
  );
}

export function LabForm({
  action,
  values,
  errors = {},
  version,
}: {
  action: string;
  values: RawForm;
  errors?: FormErrors;
  version?: number;
}) {
  const v = (n: string) => rawValue(values, n);
  const lines = (n: string) => ([] as string[]).concat(values[n] ?? []).join('\n');
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form action={action} class="form">
        {version !== undefined ? <input type="hidden" name="version" value={String(version)} /> : null}
        <FormField name="name" label="实验室/团队名称" value={v('name')} error={errors.name} required />
        <FormField name="leader" label="负责人" value={v('leader')} error={errors.leader} />
        <DomainPicker
          selected={([] as string[]).concat(values.domains ?? [])}
          error={errors.domains}
          hint="选择团队擅长的领域，企业需求按领域与之匹配。"
        />
        <FormField
          name="keywords"
          label="关键词"
          hint="技术名称、方法、设备，逗号或顿号分隔，至少 3 个。例如：机器视觉、缺陷检测、深度学习。"
          value={v('keywords')}
          error={errors.keywords}
          required
        />
        <FormField
          name="summary"
          label="简介"
          hint="研究方向、能解决的问题、服务过的行业，80 字以上更容易被找到。"
          rows={5}
          value={v('summary')}
          error={errors.summary}
          required
        />
        <FormField
          name="equipment"
          label="主要设备与平台"
          hint="每行一项。"
          rows={3}
          value={lines('equipment')}
          error={errors.equipment}
        />
        <FormField
          name="achievements"
          label="代表性成果"
          hint="专利、项目、产业化案例，每行一项。"
          rows={3}
          value={lines('achievements')}
          error={errors.achievements}
        />
        <h2>联系人</h2>
        <p class="muted">仅区科技局、本校以及经区科技局引荐的企业可见。</p>
        <ContactFields values={values} errors={errors} />
        <div class="actions">
          <button type="submit">保存</button>
          <a href="/university/labs">取消</a>
        </div>
      </Form>
    </>
  );
}

/** A lab as the edit form's values. */
export const labValues = (l: LabView): RawForm => ({
  name: l.name,
  leader: l.leader ?? '',
  domains: l.domains,
  keywords: l.keywords.join('，'),
  summary: l.summary,
  equipment: l.equipment,
  achievements: l.achievements,
  contactName: l.contactName ?? '',
  contactPhone: l.contactPhone ?? '',
  contactEmail: l.contactEmail ?? '',
});

export async function labDetailPage(
  c: Context<WebEnv>,
  deps: AppDeps,
  id: string,
  form?: { raw: RawForm; errors: FormErrors },
) {
  const actor = c.get('actor');
  const lab = await labService(deps).get(actor, id);
  if (lab.universityId !== actor.universityId) return c.notFound();
  const matches = await matchingService(deps).forLab(actor, id, MatchQuery.parse({ limit: 10 }));
  const { percent, missing } = completeness(lab);
  return c.render(
    <>
      <div class="with-aside">
        <div>
          <LabForm
            action={`/university/labs/${id}`}
            values={form?.raw ?? labValues(lab)}
            errors={form?.errors}
            version={lab.version}
          />
          <p class="muted">最近更新：{formatTime(lab.updatedAt)}</p>
        </div>
        <aside class="hints" aria-labelledby="completeness-title">
          <h2 id="completeness-title">档案完整度</h2>
          <Meter lab={lab} />
          {missing.length ? (
            <ul class="hints__list">
              {missing.map((m) => (
                <li>{m}</li>
              ))}
            </ul>
          ) : (
            <p class="hints__ok">档案完整，企业和区科技局都能很快找到这个实验室。</p>
          )}
        </aside>
      </div>
      <h2 id="matches">与本实验室匹配的难题</h2>
      <p class="muted">{matches.summary.message}</p>
      {matches.items.length ? (
        <ol class="cards">
          {matches.items.map((m) => (
            <li class="card">
              <h3 class="card__title">
                <a href={`/university/needs/${m.problem.id}`}>{m.problem.title}</a>
              </h3>
              <p>
                <Badge
                  text={CONFIDENCE_LABELS[m.confidence]}
                  tone={m.confidence === 'high' ? 'success' : m.confidence === 'medium' ? 'info' : 'neutral'}
                />{' '}
                <span class="muted">
                  {domainNames(m.problem.domains)} · 预算 {formatWan(m.problem.budgetWan)}
                </span>
              </p>
              <p>匹配原因：{reasonText(m.reasons)}</p>
            </li>
          ))}
        </ol>
      ) : (
        <EmptyState title="暂时没有匹配的难题">补充关键词与简介能提高匹配；也可以到需求大厅按领域浏览。</EmptyState>
      )}
    </>,
    { title: lab.name, error: Boolean(form) },
  );
}

function reasonText(r: {
  sharedDomains: { name: string }[];
  sharedKeywords: string[];
  matchedTerms: string[];
}): string {
  const parts: string[] = [];
  if (r.sharedDomains.length) parts.push(`同属${r.sharedDomains.map((d) => d.name).join('、')}`);
  if (r.sharedKeywords.length) parts.push(`共同关键词：${r.sharedKeywords.join('、')}`);
  else if (r.matchedTerms.length) parts.push(`命中术语：${r.matchedTerms.slice(0, 6).join('、')}`);
  return parts.join('；') || '文本相近';
}
