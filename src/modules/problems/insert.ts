/** New problems: the one write the API and spreadsheet imports both create problems through. */
import type { Problem } from '../../db/tables.js';
import type { ChangeContext, Tx } from '../../db/changes.js';
import { insertRecords } from '../../db/records.js';
import { insertStageHistory } from './repository.js';
import { insertReview } from './review.js';
import type { CreateProblemInput } from './schemas.js';
import { PROBLEM_SPEC } from './stages.js';

export type NewProblem = Omit<CreateProblemInput, 'enterpriseId' | 'publish' | 'draft'> & {
  id?: string;
  enterpriseId: string;
  liaisonId: string | null;
  postedAt: Date;
};

/**
 * Writes new problems at stage `open` with their first stage-history rows, and their `submit`
 * review rows when they wait for review (a draft gets its `submit` row when it is submitted). The API (one at a time) and spreadsheet imports (a batch
 * at a time) both create problems through here.
 */
export async function insertProblems(
  tx: Tx,
  ctx: ChangeContext,
  values: readonly NewProblem[],
  reviewStatus: 'published' | 'pending_review' | 'draft',
): Promise<Problem[]> {
  const created = await insertRecords<Problem>(
    tx,
    ctx,
    PROBLEM_SPEC,
    values.map((v) => ({ ...v, stage: 'open', reviewStatus, createdBy: ctx.actor.userId })),
  );
  await insertStageHistory(
    tx,
    ctx,
    created.map((p) => p.id),
    null,
    'open',
    null,
  );
  if (reviewStatus === 'pending_review')
    for (const p of created) await insertReview(tx, ctx, p.id, 'submit', null, 'pending_review', null);
  return created;
}
