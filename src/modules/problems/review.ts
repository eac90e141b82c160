/**
 * Review before publishing (审核): `applyReview`, the one write that moves a problem's `reviewStatus`
 * with its audit, outbox and review-history rows. The states and steps are in `src/domain/review.ts`.
 */
import type { Kysely } from 'kysely';
import type { Database, Problem, ReviewAction, ReviewStatus } from '../../db/tables.js';
import { REVIEW_ACTION_LABELS, REVIEW_STATUS_LABELS, reviewTarget } from '../../domain/review.js';
import { ApiError } from '../../http/errors.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext, Tx } from '../../db/changes.js';
import { lockLive, updateRecord } from '../../db/records.js';
import { PROBLEM_SPEC } from './stages.js';

/** The review history of a problem, oldest first. */
export function listReviews(db: Kysely<Database>, problemId: string) {
  return db
    .selectFrom('problemReviews')
    .selectAll()
    .where('problemId', '=', problemId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function insertReview(
  tx: Tx,
  ctx: ChangeContext,
  problemId: string,
  action: ReviewAction,
  from: ReviewStatus | null,
  to: ReviewStatus,
  comment: string | null,
): Promise<void> {
  await tx
    .insertInto('problemReviews')
    .values({
      problemId,
      action,
      fromStatus: from,
      toStatus: to,
      comment,
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.name,
      ...(ctx.at ? { at: ctx.at } : {}),
    })
    .execute();
}

/**
 * Applies a review step to a live problem in the caller's transaction. `authorize` throws for a
 * caller who may not see the problem; a step the current state does not allow is a 409, and a
 * stale `expected` version a 409/412. `postedAt` moves the posting time (a draft is posted when submitted).
 */
export async function applyReview(
  tx: Tx,
  ctx: ChangeContext,
  problemId: string,
  action: ReviewAction,
  comment: string | null,
  opts: { authorize?: (row: Problem) => void; expected?: ExpectedVersion; postedAt?: Date } = {},
): Promise<Problem> {
  const before = await lockLive<Problem>(tx, { ...PROBLEM_SPEC, authorize: opts.authorize }, problemId);
  const to = reviewTarget(before.reviewStatus, action);
  if (!to) {
    throw new ApiError(
      'conflict',
      `技术难题当前为「${REVIEW_STATUS_LABELS[before.reviewStatus]}」，不能${REVIEW_ACTION_LABELS[action]}`,
      [{ path: 'reviewStatus', message: '不允许的审核操作' }],
    );
  }
  const after = await updateRecord<Problem>(
    tx,
    ctx,
    PROBLEM_SPEC,
    problemId,
    opts.expected ?? { version: before.version, from: 'body' },
    opts.postedAt ? { reviewStatus: to, postedAt: opts.postedAt } : { reviewStatus: to },
  );
  await insertReview(tx, ctx, problemId, action, before.reviewStatus, to, comment);
  return after;
}
