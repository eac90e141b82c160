/** 技术难题时间线: the schema of `GET /problems/{id}/history`, one item per event of any kind. */
import { z } from '@hono/zod-openapi';
import { csv } from '../../http/schemas.js';
import { ReviewStatus, Stage } from './schemas.js';

export const TIMELINE_KINDS = ['stage', 'review', 'interest', 'introduction', 'contact', 'agreement'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

const common = {
  at: z.string().openapi({ format: 'date-time', description: '发生时间；对接记录为对接时间，其余为登记时间' }),
  label: z.string().openapi({ description: '一句话中文说明' }),
  actorName: z.string().nullable().openapi({ description: '操作人' }),
};

const Ref = z.object({ id: z.uuid(), name: z.string() });

const StageItem = z.object({
  kind: z.literal('stage'),
  ...common,
  fromStage: Stage.nullable(),
  toStage: Stage,
  fromLabel: z.string().nullable(),
  toLabel: z.string(),
  reason: z.string().nullable(),
});

const ReviewItem = z.object({
  kind: z.literal('review'),
  ...common,
  action: z.enum(['submit', 'resubmit', 'approve', 'request_revision', 'reject']),
  actionLabel: z.string(),
  fromStatus: ReviewStatus.nullable(),
  toStatus: ReviewStatus,
  toStatusLabel: z.string(),
  comment: z.string().nullable(),
});

const InterestItem = z.object({
  kind: z.literal('interest'),
  ...common,
  event: z.enum(['expressed', 'withdrawn']),
  interestId: z.uuid(),
  lab: Ref,
  university: Ref,
  note: z.string().nullable(),
});

const IntroductionItem = z.object({
  kind: z.literal('introduction'),
  ...common,
  event: z.enum(['shortlisted', 'introduced', 'accepted', 'declined', 'withdrawn']),
  introductionId: z.uuid(),
  side: z.enum(['enterprise', 'university']).nullable().openapi({ description: '同意或婉拒的一方' }),
  lab: Ref,
  university: Ref,
  reason: z.string().nullable(),
});

const ContactItem = z.object({
  kind: z.literal('contact'),
  ...common,
  contactId: z.uuid(),
  contactKind: z.enum(['visit', 'meeting', 'call', 'event', 'online']),
  contactKindLabel: z.string(),
  summary: z.string(),
  outcome: z.string().nullable(),
  nextStep: z.string().nullable(),
});

const AgreementItem = z.object({
  kind: z.literal('agreement'),
  ...common,
  agreementId: z.uuid(),
  title: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  signedOn: z.string(),
  amountWan: z.number().nullable(),
});

export const TimelineItem = z
  .discriminatedUnion('kind', [StageItem, ReviewItem, InterestItem, IntroductionItem, ContactItem, AgreementItem])
  .openapi('ProblemTimelineItem');

export const Timeline = z.object({ items: z.array(TimelineItem) }).openapi('ProblemTimeline');

export const TimelineQuery = z.object({
  kinds: csv(z.enum(TIMELINE_KINDS, { message: `类型无效，可选：${TIMELINE_KINDS.join('、')}` })).openapi({
    description: `只看这些类型，逗号分隔：${TIMELINE_KINDS.join('、')}`,
  }),
});

export type TimelineItemView = z.infer<typeof TimelineItem>;
export type TimelineView = z.infer<typeof Timeline>;
