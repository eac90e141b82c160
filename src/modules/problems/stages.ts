/**
 * Moving a problem along the pipeline (docs/architecture.md, "难题流程 / The pipeline"): `transitionStage`, the one
 * write the brokering workflow calls to move a problem on events. The stages and the allowed moves
 * themselves are vocabulary, in `src/domain/stages.ts`.
 */
import type { Problem, ProblemStage } from '../../db/tables.js';
import { canTransition, STAGE_LABELS, stageOrder } from '../../domain/stages.js';
import { ApiError } from '../../http/errors.js';
import type { ChangeContext, Tx } from '../../db/changes.js';
import { lockLive, updateRecord } from '../../db/records.js';
import type { StageReason } from '../../policy/stage-reasons.js';
import { insertStageHistory } from './repository.js';

/** How problems are written through the shared record helpers (audit and outbox name, message label). */
export const PROBLEM_SPEC = { table: 'problems', entity: 'problem', label: '技术难题' } as const;

/** 409 naming both stages when the move is not allowed. */
export function assertTransition(from: ProblemStage, to: ProblemStage): void {
  if (!canTransition(from, to))
    throw new ApiError('conflict', `不能从「${STAGE_LABELS[from]}」改为「${STAGE_LABELS[to]}」`, [
      { path: 'stage', message: '不允许的阶段变更' },
    ]);
}

/**
 * Moves a live problem to `to` in the caller's transaction, with its audit, outbox and history rows.
 * Staying at the same stage changes nothing; a move outside the rules is a 409.
 */
export async function transitionStage(
  tx: Tx,
  ctx: ChangeContext,
  problemId: string,
  to: ProblemStage,
  reason: StageReason | null,
): Promise<Problem> {
  const before = await lockLive<Problem>(tx, PROBLEM_SPEC, problemId);
  if (before.stage === to) return before;
  assertTransition(before.stage, to);
  const after = await updateRecord<Problem>(
    tx,
    ctx,
    PROBLEM_SPEC,
    problemId,
    { version: before.version, from: 'body' },
    { stage: to },
  );
  await insertStageHistory(tx, ctx, problemId, before.stage, to, reason);
  return after;
}

/**
 * Moves a problem forward to `to` when an event implies it (an introduction → matching, the first
 * contact → contacted, a signed agreement → agreed): only from an earlier stage, never back and
 * never out of closed. Returns the problem as it now is.
 */
export async function advanceStage(
  tx: Tx,
  ctx: ChangeContext,
  problemId: string,
  to: ProblemStage,
  reason: StageReason,
): Promise<Problem> {
  const row = await lockLive<Problem>(tx, PROBLEM_SPEC, problemId);
  if (row.stage === 'closed' || stageOrder(row.stage) >= stageOrder(to)) return row;
  return transitionStage(tx, ctx, problemId, to, reason);
}
