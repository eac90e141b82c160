/** 撮合进度与跟进提醒: query and response schemas. */
import { z } from '@hono/zod-openapi';
import { DomainCode } from '../../http/common-fields.js';
import { csv, DateString, PageQuery, sortParam } from '../../http/schemas.js';
import { ReviewStatus, Stage } from '../problems/schemas.js';

const Uuid = z.uuid({ message: '须为合法的 UUID' });
const Ref = z.object({ id: z.uuid(), name: z.string() });
const Days = (max: number, fallback: number, description: string) =>
  z.coerce
    .number({ message: '须为整数' })
    .int('须为整数')
    .min(0, '不能为负')
    .max(max, `不超过 ${max}`)
    .default(fallback)
    .openapi({ description });

export const ACTIVITY_KINDS = [
  'posted',
  'stage',
  'review',
  'interest',
  'introduction',
  'contact',
  'agreement',
] as const;
export const ActivityKind = z.enum(ACTIVITY_KINDS);

export const PipelineItem = z
  .object({
    problem: z.object({ id: z.uuid(), title: z.string(), postedAt: z.string(), enterprise: Ref }),
    stage: Stage,
    stageLabel: z.string(),
    reviewStatus: ReviewStatus,
    reviewStatusLabel: z.string(),
    liaison: Ref.nullable().openapi({ description: '负责的区科技局联络员：难题指定的，未指定时为企业的联络员' }),
    lastActivityAt: z.string().openapi({ format: 'date-time' }),
    lastActivityKind: ActivityKind,
    lastActivityLabel: z.string(),
    daysSinceActivity: z.number().int(),
  })
  .openapi('PipelineItem');

export const Pipeline = z
  .object({
    asOf: z.string().openapi({ description: '统计日期（北京时间）' }),
    stages: z
      .array(z.object({ stage: Stage, label: z.string(), count: z.number().int() }))
      .openapi({ description: '各阶段难题数（不受 stage 筛选影响）' }),
    review: z
      .array(z.object({ status: ReviewStatus, label: z.string(), count: z.number().int() }))
      .openapi({ description: '各审核状态难题数（不受 reviewStatus 筛选影响）' }),
    items: z.array(PipelineItem),
    total: z.number().int(),
    nextCursor: z.string().optional(),
  })
  .openapi('Pipeline');

export const PIPELINE_SORTS = ['lastActivityAt', 'postedAt', 'title'] as const;

export const PipelineQuery = PageQuery.extend({
  liaisonId: Uuid.optional().openapi({ description: '负责联络员' }),
  enterpriseId: Uuid.optional(),
  stage: csv(Stage).openapi({ description: '阶段，逗号分隔' }),
  reviewStatus: csv(ReviewStatus).openapi({ description: '审核状态，逗号分隔；默认 published' }),
  domains: csv(DomainCode).openapi({ description: '技术领域代码，逗号分隔，任一匹配' }),
  postedFrom: DateString.optional().openapi({ description: '发布日期（北京时间）起' }),
  postedTo: DateString.optional().openapi({ description: '发布日期（北京时间）止，含当天' }),
  staleDays: z.coerce
    .number({ message: '须为整数' })
    .int('须为整数')
    .min(1, '至少 1 天')
    .max(3650)
    .optional()
    .openapi({ description: '只看至少这么多天没有动态的难题' }),
  sort: sortParam(PIPELINE_SORTS, 'lastActivityAt'),
});

const FollowUpItem = z.object({
  contactId: z.uuid(),
  kind: z.string(),
  kindLabel: z.string(),
  occurredAt: z.string(),
  followUpOn: z.string(),
  days: z.number().int().openapi({ description: '逾期天数（overdue）或距跟进日天数（upcoming）' }),
  summary: z.string(),
  nextStep: z.string().nullable(),
  enterprise: Ref,
  problem: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  lab: Ref.nullable(),
  liaisons: z.array(Ref),
});

const RegistrationItem = z.object({
  agreementId: z.uuid(),
  title: z.string(),
  typeLabel: z.string(),
  enterprise: Ref,
  university: Ref,
  signedOn: z.string(),
  dueOn: z.string(),
  daysLeft: z.number().int().openapi({ description: '距认定登记截止的天数，负数为已逾期' }),
  overdue: z.boolean(),
});

const section = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });

export const FollowUps = z
  .object({
    asOf: z.string(),
    overdue: section(FollowUpItem).openapi({ description: '已过跟进日期仍未跟进的对接记录（最早的在前）' }),
    upcoming: section(FollowUpItem).openapi({ description: '今天起 days 天内要跟进的对接记录' }),
    stale: section(PipelineItem).openapi({ description: '已发布、未签约未关闭且 staleDays 天以上没有动态的难题' }),
    registrations: section(RegistrationItem).openapi({
      description: '认定登记截止在 registrationDays 天内或已逾期、尚未登记的协议',
    }),
  })
  .openapi('FollowUps');

export const FollowUpsQuery = z.object({
  liaisonId: Uuid.optional().openapi({ description: '只看该联络员负责或参与的' }),
  days: Days(90, 7, '即将跟进的天数窗口（默认 7）'),
  staleDays: Days(3650, 30, '多少天无动态算停滞（默认 30）'),
  registrationDays: Days(30, 7, '认定登记截止提前提醒天数（默认 7）'),
  limit: z.coerce.number().int().min(1).max(100).default(50).openapi({ description: '每类最多条数（默认 50）' }),
});

export type PipelineInput = z.infer<typeof PipelineQuery>;
export type PipelineView = z.infer<typeof Pipeline>;
export type PipelineItemView = z.infer<typeof PipelineItem>;
export type FollowUpsInput = z.infer<typeof FollowUpsQuery>;
export type FollowUpsView = z.infer<typeof FollowUps>;
