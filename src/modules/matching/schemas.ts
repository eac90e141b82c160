/** 推荐匹配: query and response schemas. */
import { z } from '@hono/zod-openapi';
import { DomainCode, queryText } from '../../http/common-fields.js';
import { csv } from '../../http/schemas.js';

export const MatchQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10).openapi({ description: '返回条数（1–50，默认 10）' }),
  domains: csv(DomainCode).openapi({ description: '只看这些技术领域的候选（逗号分隔）' }),
  city: queryText(50, '城市').openapi({ description: '（实验室候选）所在城市' }),
  universityKind: z
    .enum(['university', 'institute'])
    .optional()
    .openapi({ description: '（实验室候选）高校或科研院所' }),
});
export type MatchQueryInput = z.infer<typeof MatchQuery>;

const Reasons = z
  .object({
    matchedTerms: z.array(z.string()).openapi({ description: '候选命中的本记录关键术语' }),
    sharedDomains: z.array(z.object({ code: z.string(), name: z.string() })),
    sharedKeywords: z.array(z.string()),
    coverage: z.number().openapi({ description: '关键术语覆盖率（加权，0–1）' }),
    textScore: z.number().openapi({ description: '文本相关度（0–1）' }),
    semanticScore: z.number().optional().openapi({ description: '语义相似度（余弦，启用向量时）' }),
  })
  .openapi('MatchReasons');

const matchItem = <T extends z.ZodType>(key: 'lab' | 'problem', target: T) =>
  z.object({
    [key]: target,
    score: z.number().openapi({ description: '综合得分（0–1）' }),
    confidence: z
      .enum(['high', 'medium', 'low'])
      .openapi({ description: '把握程度：high 较大 / medium 一般 / low 较小' }),
    confidenceLabel: z.string(),
    reasons: Reasons,
  });

const envelope = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int(),
      query: z.object({ terms: z.array(z.string()).openapi({ description: '用于检索的关键术语（按区分度排序）' }) }),
      semantic: z
        .enum(['used', 'not_configured', 'pending', 'unavailable'])
        .openapi({ description: '语义相似度：已使用 / 未配置 / 向量尚未计算 / 向量服务不可用（按文本匹配）' }),
      summary: z.object({ confidence: z.enum(['high', 'medium', 'low', 'none']), message: z.string() }),
    })
    .openapi(name);

export const LabMatches = envelope(
  matchItem(
    'lab',
    z.object({
      id: z.string(),
      name: z.string(),
      universityId: z.string(),
      universityName: z.string(),
      universityKind: z.string(),
      city: z.string().nullable(),
      domains: z.array(z.string()),
      keywords: z.array(z.string()),
      summary: z.string(),
    }),
  ),
  'LabMatches',
);

export const ProblemMatches = envelope(
  matchItem(
    'problem',
    z.object({
      id: z.string(),
      title: z.string(),
      domains: z.array(z.string()),
      keywords: z.array(z.string()),
      stage: z.string(),
      budgetWan: z.number().nullable(),
      enterpriseIndustry: z.string().nullable(),
    }),
  ),
  'ProblemMatches',
);
