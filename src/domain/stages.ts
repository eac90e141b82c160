/**
 * The problem pipeline (docs/architecture.md, "难题流程 / The pipeline"): the stages in order with their Chinese
 * labels, and which moves are allowed. No imports but types, so any layer may use them.
 */
import type { ProblemStage } from '../db/tables.js';

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

/** A stage's place in the pipeline order (`closed` last). */
export const stageOrder = (s: ProblemStage) => STAGE_CODES.indexOf(s);

/** Forward to any later stage, any stage to closed, closed back to open; staying put is not a change. */
export function canTransition(from: ProblemStage, to: ProblemStage): boolean {
  if (from === to) return false;
  if (to === 'closed') return true;
  if (from === 'closed') return to === 'open';
  return stageOrder(to) > stageOrder(from);
}
