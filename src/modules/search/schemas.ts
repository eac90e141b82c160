/** 搜索: query and response schemas for GET /api/v1/search. */
import { z } from '@hono/zod-openapi';
import { DomainCode, queryText } from '../../http/common-fields.js';
import { csv, DateString } from '../../http/schemas.js';
import { loadDefinitions } from '../../search/definitions.js';
import { Stage } from '../problems/schemas.js';

const SORTS = [
  'postedAt',
  '-postedAt',
  'deadline',
  '-deadline',
  'budgetWan',
  '-budgetWan',
  'updatedAt',
  '-updatedAt',
  'name',
  '-name',
] as const;

export const SearchQuerySchema = z
  .object({
    index: z
      .enum(['problems', 'labs'], { message: 'index 须为 problems 或 labs' })
      .openapi({ description: '搜索技术难题（problems）或实验室（labs）' }),
    q: queryText(200, '关键词').openapi({ description: '关键词，中英文皆可；空则按筛选条件列出' }),
    domains: csv(DomainCode).openapi({ description: '技术领域代码，逗号分隔，满足其一即可' }),
    stage: csv(Stage).openapi({ description: '（problems）阶段，逗号分隔' }),
    universityId: z.uuid().optional().openapi({ description: '（labs）所属高校/院所' }),
    universityKind: z.enum(['university', 'institute']).optional().openapi({ description: '（labs）高校或科研院所' }),
    city: queryText(50, '城市').openapi({ description: '（labs）所在城市' }),
    budgetMin: z.coerce.number().min(0).max(1e7).optional().openapi({ description: '（problems）预算下限，万元' }),
    budgetMax: z.coerce.number().min(0).max(1e7).optional().openapi({ description: '（problems）预算上限，万元' }),
    deadlineFrom: DateString.optional().openapi({ description: '（problems）截止日期不早于' }),
    deadlineTo: DateString.optional().openapi({ description: '（problems）截止日期不晚于' }),
    postedFrom: DateString.optional().openapi({ description: '（problems）发布日期（北京时间）起' }),
    postedTo: DateString.optional().openapi({ description: '（problems）发布日期（北京时间）止，含当天' }),
    sort: z
      .enum(SORTS, { message: `排序字段无效，可选：${SORTS.join('、')}` })
      .optional()
      .openapi({ description: '默认按相关度；前缀 - 为降序' }),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(10_000).default(0),
    highlight: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
  })
  .superRefine((v, ctx) => {
    const problemsOnly = [
      'stage',
      'budgetMin',
      'budgetMax',
      'deadlineFrom',
      'deadlineTo',
      'postedFrom',
      'postedTo',
    ] as const;
    const labsOnly = ['universityId', 'universityKind', 'city'] as const;
    for (const k of v.index === 'labs' ? problemsOnly : labsOnly) {
      if (v[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} 不适用于 index=${v.index}` });
    }
    const sortable = loadDefinitions().indexes[v.index].sortableAttributes;
    if (v.sort && !sortable.includes(v.sort.replace(/^-/, ''))) {
      ctx.addIssue({ code: 'custom', path: ['sort'], message: `index=${v.index} 可排序字段：${sortable.join('、')}` });
    }
    if (v.budgetMin !== undefined && v.budgetMax !== undefined && v.budgetMin > v.budgetMax)
      ctx.addIssue({ code: 'custom', path: ['budgetMin'], message: '预算下限不能大于上限' });
  });

export type SearchQueryInput = z.infer<typeof SearchQuerySchema>;

export const SearchResponse = z
  .object({
    hits: z.array(
      z.object({
        id: z.string(),
        score: z.number(),
        document: z.record(z.string(), z.unknown()),
        highlights: z.record(z.string(), z.string()).optional(),
        matchedTerms: z.array(z.string()),
      }),
    ),
    total: z.number().int(),
    facets: z
      .record(z.string(), z.record(z.string(), z.number()))
      .openapi({ description: '分面计数，例如 {domains: {electronic_info: 12}}' }),
    limit: z.number().int(),
    offset: z.number().int(),
  })
  .openapi('SearchResponse');
