/**
 * The problem pipeline (DESIGN.md §2): the stages with their Chinese labels, which moves are allowed,
 * and `transitionStage`, the one write the brokering workflow calls to move a problem on events.
 */
import type { Problem, ProblemStage } from '../../db/tables.js';
import { ApiError } from '../../http/errors.js';
import type { ChangeContext, Tx } from '../../services/changes.js';
import { lockLive, updateRecord } from '../../services/records.js';
import type { StageReason } from '../../policy/stage-reasons.js';
import { insertStageHistory } from './repository.js';

/** In pipeline order; `closed` stands outside the order. */
export const STAGES = [
  { code: 'open', label: '征集中' },
  { code: 'matching', label: '匹配中' },
  { code: 'contacted', label: '已对接' },
  { code: 'negotiating', label: '洽谈中' },
  { code: 'agreed', label: '已签约' },
  { code: 'solved', label: '已解决' },
  { code: 'closed', label: '已关闭' },
] as const satisfies readonly { code: ProblemStage; label: string }[];

export const STAGE_CODES = STAGES.map((s) => s.code) as [ProblemStage, ...ProblemStage[]];
export const STAGE_LABELS = Object.fromEntries(STAGES.map((s) => [s.code, s.label])) as Record<ProblemStage, string>;

/** How problems are written through the shared record helpers (audit and outbox name, message label). */
export const PROBLEM_SPEC = { table: 'problems', entity: 'problem', label: '技术难题' } as const;

const order = (s: ProblemStage) => STAGE_CODES.indexOf(s);

/** Forward to any later stage, any stage to closed, closed back to open; staying put is not a change. */
export function canTransition(from: ProblemStage, to: ProblemStage): boolean {
  if (from === to) return false;
  if (to === 'closed') return true;
  if (from === 'closed') return to === 'open';
  return order(to) > order(from);
}

/** 409 naming both stages when the move is not allowed. */
export function assertTransition(from: ProblemStage, to: ProblemStage): void {
  if (!canTransition(from, to)) throw new ApiError('conflict', `不能从「${STAGE_LABELS[from]}」改为「${STAGE_LABELS[to]}」`, [{ path: 'stage', message: '不允许的阶段变更' }]);
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
  const after = await updateRecord<Problem>(tx, ctx, PROBLEM_SPEC, problemId, { version: before.version, from: 'body' }, { stage: to });
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
  if (row.stage === 'closed' || order(row.stage) >= order(to)) return row;
  return transitionStage(tx, ctx, problemId, to, reason);
}
