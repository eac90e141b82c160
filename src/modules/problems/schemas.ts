/** 技术难题/需求: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { DomainCode, DomainList, queryText, sizedText, TermList } from '../../http/common-fields.js';
import { csv, DateString, listOf, Meta, PageQuery, sortParam, VersionField } from '../../http/schemas.js';
import { REVIEW_STATUS_CODES } from '../../domain/review.js';
import { STAGE_CODES } from '../../domain/stages.js';

const Uuid = z.uuid({ message: '须为合法的 UUID' });

export const Stage = z.enum(STAGE_CODES, { message: `阶段无效，可选：${STAGE_CODES.join('、')}` }).openapi({
  description:
    'open 征集中 · matching 匹配中 · contacted 已对接 · negotiating 洽谈中 · agreed 已签约 · solved 已解决 · closed 已关闭',
});
export const ReviewStatus = z
  .enum(REVIEW_STATUS_CODES, { message: `审核状态无效，可选：${REVIEW_STATUS_CODES.join('、')}` })
  .openapi({
    description:
      'draft 草稿（仅本企业可见）· pending_review 待审核 · revision_requested 待整改 · published 已发布 · rejected 已驳回',
  });
export const Visibility = z.enum(['public', 'bureau'], {
  message: 'visibility 须为 public（公开）或 bureau（仅区科技局）',
});

const fields = {
  title: sizedText(5, 100, '标题'),
  description: sizedText(20, 5000, '描述'),
  domains: DomainList(),
  keywords: TermList('关键词'),
  budgetWan: z
    .number({ message: '预算须为数字（万元）' })
    .min(0, '预算不能为负')
    .max(1e7, '预算不超过 10000000 万元')
    .nullish()
    .openapi({ description: '预算（万元）' }),
  deadline: DateString.nullish().openapi({ description: '期望完成日期 YYYY-MM-DD，不早于今天' }),
  visibility: Visibility,
};

export const CreateProblem = z
  .strictObject({
    enterpriseId: Uuid.optional().openapi({ description: '发布企业；区科技局必填，企业用户可省略（默认本企业）' }),
    ...fields,
    keywords: fields.keywords.optional(),
    visibility: Visibility.default('public'),
    publish: z
      .boolean({ message: 'publish 须为 true 或 false' })
      .optional()
      .openapi({ description: '仅区科技局：true（默认）直接发布，false 先进入待审核。企业发布的难题总是先待审核' }),
    draft: z.boolean({ message: 'draft 须为 true 或 false' }).optional().openapi({
      description:
        '仅企业用户：true 保存为草稿（reviewStatus=draft，仅本企业可见，区科技局与高校都看不到），完善后经 POST /problems/{id}/submit 提交审核',
    }),
  })
  .openapi('CreateProblem', {
    example: {
      enterpriseId: '0b9f5c8e-4a9b-4d3c-9c1e-2f7d6a1b2c3d',
      title: '注塑件表面缺陷自动检测',
      description: '现有人工目检漏检率约 3%，希望用机器视觉把漏检率降到 0.5% 以下。',
      domains: ['advanced_manufacturing'],
      budgetWan: 50,
    },
  });

export const UpdateProblem = z
  .strictObject({
    ...fields,
    stage: Stage.openapi({ description: '新阶段；企业用户只能关闭（closed）' }),
    stageReason: sizedText(2, 500, '阶段变更原因').openapi({
      description: '变更阶段时必填；区科技局与该企业可见，高校不可见',
    }),
    liaisonId: Uuid.nullable().openapi({ description: '区科技局联络员（仅区科技局可设）' }),
    version: VersionField,
  })
  .partial()
  .refine((v) => v.stageReason === undefined || v.stage !== undefined, {
    path: ['stageReason'],
    message: '仅在变更阶段（stage）时填写',
  })
  .openapi('UpdateProblem');

const EnterpriseSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  industry: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
});

export const Problem = z
  .object({
    ...Meta,
    enterpriseId: z.uuid().nullable().openapi({ description: '对高校联络员隐去（null），引荐其实验室后可见' }),
    enterprise: EnterpriseSummary.nullable(),
    enterpriseWithheld: z
      .boolean()
      .openapi({ description: 'true 表示企业身份与联系方式已隐去，待区科技局引荐本校实验室后可见' }),
    enterpriseIndustry: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    domains: z.array(z.string()),
    keywords: z.array(z.string()),
    budgetWan: z.number().nullable(),
    deadline: z.string().nullable(),
    visibility: Visibility,
    stage: Stage,
    stageLabel: z.string(),
    reviewStatus: ReviewStatus,
    reviewStatusLabel: z.string(),
    liaisonId: z.uuid().nullable(),
    postedAt: z.string().openapi({ format: 'date-time' }),
    createdBy: z.uuid().nullable(),
  })
  .openapi('Problem');

export const ProblemList = listOf(Problem, 'ProblemList');

export const Hint = z
  .object({
    code: z.enum(['too_short', 'no_target_figures', 'no_current_state', 'no_budget', 'no_deadline', 'domain_mismatch']),
    field: z.enum(['description', 'budgetWan', 'deadline', 'domains']),
    message: z.string(),
  })
  .openapi('ProblemHint');

export const Hints = z.object({ hints: z.array(Hint) }).openapi('ProblemHints');

/** Create and PATCH answers: the problem plus writing hints for its author. */
export const ProblemWithHints = Problem.extend({
  hints: z
    .array(Hint)
    .openapi({ description: '撰写提示：描述过短、缺少量化指标、现状与约束、预算、期限，或技术领域与描述不一致' }),
}).openapi('ProblemWithHints');

export const PROBLEM_SORTS = ['postedAt', 'deadline', 'budgetWan', 'title', 'updatedAt'] as const;

const Amount = z.coerce.number({ message: '须为数字' }).min(0, '不能为负');

export const ListProblemsQuery = PageQuery.extend({
  stage: csv(Stage).openapi({ description: '阶段，逗号分隔' }),
  reviewStatus: csv(ReviewStatus).openapi({ description: '审核状态，逗号分隔（审核队列：pending_review）' }),
  domains: csv(DomainCode).openapi({ description: '技术领域代码，逗号分隔，任一匹配' }),
  visibility: Visibility.optional(),
  enterpriseId: Uuid.optional().openapi({ description: '仅区科技局可用；其他角色忽略' }),
  liaisonId: Uuid.optional(),
  budgetMin: Amount.optional(),
  budgetMax: Amount.optional(),
  deadlineFrom: DateString.optional(),
  deadlineTo: DateString.optional(),
  postedFrom: DateString.optional().openapi({ description: '发布日期（北京时间）起' }),
  postedTo: DateString.optional().openapi({ description: '发布日期（北京时间）止，含当天' }),
  q: queryText(100, '关键词').openapi({ description: '标题包含' }),
  sort: sortParam(PROBLEM_SORTS, '-postedAt'),
});

export type CreateProblemInput = z.infer<typeof CreateProblem>;
export type UpdateProblemInput = z.infer<typeof UpdateProblem>;
export type ListProblemsInput = z.infer<typeof ListProblemsQuery>;
export type ProblemView = z.infer<typeof Problem>;
export type ProblemWithHintsView = z.infer<typeof ProblemWithHints>;
