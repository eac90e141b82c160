/** 难题审核: request and response schemas of the review routes. */
import { z } from '@hono/zod-openapi';
import { sizedText } from '../../http/common-fields.js';
import { VersionField } from '../../http/schemas.js';
import { ReviewStatus } from './schemas.js';

export const ReviewDecision = z.enum(['approve', 'request_revision', 'reject'], {
  message: 'decision 须为 approve（通过）、request_revision（退回整改）或 reject（驳回）',
});

export const ReviewBody = z
  .strictObject({
    decision: ReviewDecision,
    comment: sizedText(2, 1000, '审核意见')
      .optional()
      .openapi({ description: '退回整改与驳回时必填：整改要求或驳回理由' }),
    version: VersionField,
  })
  .refine((v) => v.decision === 'approve' || v.comment !== undefined, {
    path: ['comment'],
    message: '退回整改或驳回须填写审核意见',
  })
  .openapi('ReviewProblem', {
    example: { decision: 'request_revision', comment: '请补充现有工艺的良率数据和期望达到的指标。' },
  });

export const ResubmitBody = z
  .strictObject({
    comment: sizedText(2, 1000, '整改说明').optional().openapi({ description: '说明按意见做了哪些修改' }),
    version: VersionField,
  })
  .openapi('ResubmitProblem');

export const SubmitBody = z
  .strictObject({ version: VersionField })
  .openapi('SubmitProblem', { example: { version: 2 } });

export const ReviewEntry = z
  .object({
    action: z.enum(['submit', 'resubmit', 'approve', 'request_revision', 'reject']),
    actionLabel: z.string(),
    fromStatus: ReviewStatus.nullable(),
    toStatus: ReviewStatus,
    toStatusLabel: z.string(),
    comment: z.string().nullable(),
    actorName: z.string(),
    at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('ProblemReview');

export const ReviewList = z.object({ items: z.array(ReviewEntry) }).openapi('ProblemReviewList');

export type ReviewEntryView = z.infer<typeof ReviewEntry>;
