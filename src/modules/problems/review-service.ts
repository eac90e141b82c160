/** 难题审核: the enterprise submits its draft; the bureau approves, sends back for revision or rejects; the author resubmits after revising; both read the review history. */
import type { Actor } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext } from '../../db/changes.js';
import { applyReview, listReviews } from './review.js';
import { REVIEW_ACTION_LABELS, REVIEW_STATUS_LABELS } from '../../domain/review.js';
import { timelineScope } from '../../policy/timeline-view.js';
import { findVisibleProblem } from './repository.js';
import { authorizeProblemWrite, problemService } from './service.js';
import { PROBLEM_SPEC } from './stages.js';
import type { ReviewEntryView } from './review-schemas.js';

export function reviewService(deps: AppDeps) {
  const { db } = deps;
  const problems = problemService(deps);

  return {
    async review(
      ctx: ChangeContext,
      problemId: string,
      decision: 'approve' | 'request_revision' | 'reject',
      comment: string | null,
      expected?: ExpectedVersion,
    ) {
      // A draft is not the bureau's to see, let alone review: it reads as missing.
      await db
        .transaction()
        .execute((tx) =>
          applyReview(tx, ctx, problemId, decision, comment, { authorize: authorizeProblemWrite(ctx.actor), expected }),
        );
      return problems.get(ctx.actor, problemId);
    },

    /**
     * The enterprise submits its draft (草稿) for review: draft → pending_review. It is posted now, so
     * the figures of the period count it when it was submitted, not when the draft was begun.
     */
    async submit(ctx: ChangeContext, problemId: string, expected?: ExpectedVersion) {
      await db.transaction().execute((tx) =>
        applyReview(tx, ctx, problemId, 'submit', null, {
          authorize: authorizeProblemWrite(ctx.actor),
          expected,
          postedAt: deps.now(),
        }),
      );
      return problems.get(ctx.actor, problemId);
    },

    async resubmit(ctx: ChangeContext, problemId: string, comment: string | null, expected?: ExpectedVersion) {
      await db.transaction().execute((tx) =>
        applyReview(tx, ctx, problemId, 'resubmit', comment, {
          authorize: authorizeProblemWrite(ctx.actor),
          expected,
        }),
      );
      return problems.get(ctx.actor, problemId);
    },

    /** The bureau and the owning enterprise; universities never see review comments. */
    async list(viewer: Actor, problemId: string): Promise<{ items: ReviewEntryView[] }> {
      if (!timelineScope(viewer).reviews || !(await findVisibleProblem(db, viewer, problemId)))
        throw notFound(PROBLEM_SPEC.label);
      const rows = await listReviews(db, problemId);
      return {
        items: rows.map((r) => ({
          action: r.action,
          actionLabel: REVIEW_ACTION_LABELS[r.action],
          fromStatus: r.fromStatus,
          toStatus: r.toStatus,
          toStatusLabel: REVIEW_STATUS_LABELS[r.toStatus],
          comment: r.comment,
          actorName: r.actorName,
          at: r.at.toISOString(),
        })),
      };
    },
  };
}
