/**
 * Review before publishing (审核), a dimension beside the pipeline stage: the review states with
 * their labels, which review step is allowed from which state, and `applyReview`, the one write
 * that moves a problem's `reviewStatus` with its audit, outbox and review-history rows.
 */
import type { Problem, ReviewAction, ReviewStatus } from '../../db/tables.js';
import { ApiError } from '../../http/errors.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext, Tx } from '../../services/changes.js';
import { lockLive, updateRecord } from '../../services/records.js';
import { PROBLEM_SPEC } from './stages.js';

export const REVIEW_STATUSES = [
  { code: 'pending_review', label: '待审核' },
  { code: 'revision_requested', label: '待整改' },
  { code: 'published', label: '已发布' },
  { code: 'rejected', label: '已驳回' },
] as const satisfies readonly { code: ReviewStatus; label: string }[];

export const REVIEW_STATUS_CODES = REVIEW_STATUSES.map((s) => s.code) as [ReviewStatus, ...ReviewStatus[]];
export const REVIEW_STATUS_LABELS = Object.fromEntries(REVIEW_STATUSES.map((s) => [s.code, s.label])) as Record<ReviewStatus, string>;

export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  submit: '提交审核',
  resubmit: '整改后重新提交',
  approve: '审核通过',
  request_revision: '退回整改',
  reject: '驳回',
};

/** Which state each review step leaves from and goes to. `submit` only starts a problem's review. */
const STEPS: Record<Exclude<ReviewAction, 'submit'>, { from: readonly ReviewStatus[]; to: ReviewStatus }> = {
  approve: { from: ['pending_review'], to: 'published' },
  request_revision: { from: ['pending_review'], to: 'revision_requested' },
  reject: { from: ['pending_review', 'revision_requested'], to: 'rejected' },
  resubmit: { from: ['revision_requested'], to: 'pending_review' },
};

/** The state a review step leads to from `from`, or null when the step is not allowed there. */
export function reviewTarget(from: ReviewStatus, action: Exclude<ReviewAction, 'submit'>): ReviewStatus | null {
  const step = STEPS[action];
  return step.from.includes(from) ? step.to : null;
}

/** Universities (and matching) see only published problems. */
export const isPublished = (p: Pick<Problem, 'reviewStatus'>) => p.reviewStatus === 'published';

export async function insertReview(tx: Tx, ctx: ChangeContext, problemId: string, action: ReviewAction, from: ReviewStatus | null, to: ReviewStatus, comment: string | null): Promise<void> {
  await tx.insertInto('problemReviews').values({ problemId, action, fromStatus: from, toStatus: to, comment, actorUserId: ctx.actor.userId, actorName: ctx.actor.name, ...(ctx.at ? { at: ctx.at } : {}) }).execute();
}

/**
 * Applies a review step to a live problem in the caller's transaction. `authorize` throws for a
 * caller who may not see the problem; a step the current state does not allow is a 409, and a
 * stale `expected` version a 409/412.
 */
export async function applyReview(
  tx: Tx,
  ctx: ChangeContext,
  problemId: string,
  action: Exclude<ReviewAction, 'submit'>,
  comment: string | null,
  opts: { authorize?: (row: Problem) => void; expected?: ExpectedVersion } = {},
): Promise<Problem> {
  const before = await lockLive<Problem>(tx, { ...PROBLEM_SPEC, authorize: opts.authorize }, problemId);
  const to = reviewTarget(before.reviewStatus, action);
  if (!to) {
    throw new ApiError('conflict', `技术难题当前为「${REVIEW_STATUS_LABELS[before.reviewStatus]}」，不能${REVIEW_ACTION_LABELS[action]}`, [{ path: 'reviewStatus', message: '不允许的审核操作' }]);
  }
  const after = await updateRecord<Problem>(tx, ctx, PROBLEM_SPEC, problemId, opts.expected ?? { version: before.version, from: 'body' }, { reviewStatus: to });
  await insertReview(tx, ctx, problemId, action, before.reviewStatus, to, comment);
  return after;
}
