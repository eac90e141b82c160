/**
 * Review before publishing (审核), a dimension beside the pipeline stage: the review states and steps
 * with their Chinese labels, and which step is allowed from which state.
 */
import type { ReviewAction, ReviewStatus } from '../db/tables.js';

export const REVIEW_STATUSES = [
  { code: 'draft', label: '草稿' },
  { code: 'pending_review', label: '待审核' },
  { code: 'revision_requested', label: '待整改' },
  { code: 'published', label: '已发布' },
  { code: 'rejected', label: '已驳回' },
] as const satisfies readonly { code: ReviewStatus; label: string }[];

export const REVIEW_STATUS_CODES = REVIEW_STATUSES.map((s) => s.code) as [ReviewStatus, ...ReviewStatus[]];
export const REVIEW_STATUS_LABELS = Object.fromEntries(REVIEW_STATUSES.map((s) => [s.code, s.label])) as Record<
  ReviewStatus,
  string
>;

export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  submit: '提交审核',
  resubmit: '整改后重新提交',
  approve: '审核通过',
  request_revision: '退回整改',
  reject: '驳回',
};

/**
 * Which state each review step leaves from and goes to. `submit` starts a problem's review: at posting
 * (no step, the problem is created pending review) or later from a draft (草稿), which only its
 * enterprise sees until then.
 */
const STEPS: Record<ReviewAction, { from: readonly ReviewStatus[]; to: ReviewStatus }> = {
  submit: { from: ['draft'], to: 'pending_review' },
  approve: { from: ['pending_review'], to: 'published' },
  request_revision: { from: ['pending_review'], to: 'revision_requested' },
  reject: { from: ['pending_review', 'revision_requested'], to: 'rejected' },
  resubmit: { from: ['revision_requested'], to: 'pending_review' },
};

/** The state a review step leads to from `from`, or null when the step is not allowed there. */
export function reviewTarget(from: ReviewStatus, action: ReviewAction): ReviewStatus | null {
  const step = STEPS[action];
  return step.from.includes(from) ? step.to : null;
}
