/** 技术难题/需求: queries only. Who may see which problem is the policy's expression (src/policy/rules.ts). */
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { Database, ProblemStage } from '../../db/tables.js';
import { escapeLike } from '../../db/sql-helpers.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import type { ChangeContext, Tx } from '../../db/changes.js';
import type { ProblemRecord } from '../../policy/problem-view.js';
import { introducedToSql, visibleProblemsSql } from '../../policy/rules.js';
import type { StageReason } from '../../policy/stage-reasons.js';
import type { ListProblemsInput } from './schemas.js';

export type ProblemRow = ProblemRecord;

const NULLABLE_SORTS = new Set(['deadline', 'budgetWan']);

function problemsWithEnterprise(db: Kysely<Database>, universityId: string | null | undefined) {
  return db
    .selectFrom('problems')
    .innerJoin('enterprises', 'enterprises.id', 'problems.enterpriseId')
    .selectAll('problems')
    .select([
      'enterprises.name as enterpriseName',
      'enterprises.industry as enterpriseIndustry',
      'enterprises.contactName as enterpriseContactName',
      'enterprises.contactPhone as enterpriseContactPhone',
      'enterprises.contactEmail as enterpriseContactEmail',
      introducedToSql(universityId).as('introducedToViewer'),
    ])
    .where('problems.deletedAt', 'is', null);
}

/** The live problem if the viewer may see it (src/policy/rules.ts), with `introducedToViewer` filled in. */
export function findVisibleProblem(db: Kysely<Database>, viewer: Actor, id: string): Promise<ProblemRow | undefined> {
  return problemsWithEnterprise(db, viewer.universityId)
    .where('problems.id', '=', id)
    .where(visibleProblemsSql(viewer))
    .executeTakeFirst();
}

export function findBureauLiaison(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('liaisons')
    .select(['id'])
    .where('id', '=', id)
    .where('side', '=', 'bureau')
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

/** A page of the problems the viewer may see that match the filters. */
export async function listProblems(db: Kysely<Database>, input: ListProblemsInput, viewer: Actor) {
  const { field, direction } = parseSort(input.sort);
  const postedDay = sql<string>`(problems.posted_at at time zone 'Asia/Shanghai')::date`;
  let q = problemsWithEnterprise(db, viewer.universityId).where(visibleProblemsSql(viewer));
  if (input.reviewStatus?.length) q = q.where('problems.reviewStatus', 'in', input.reviewStatus);
  if (input.enterpriseId) q = q.where('problems.enterpriseId', '=', input.enterpriseId);
  if (input.stage?.length) q = q.where('problems.stage', 'in', input.stage);
  if (input.domains?.length) q = q.where(sql<boolean>`problems.domains && ${sql.val(input.domains)}::text[]`);
  if (input.visibility) q = q.where('problems.visibility', '=', input.visibility);
  if (input.liaisonId) q = q.where('problems.liaisonId', '=', input.liaisonId);
  if (input.budgetMin !== undefined) q = q.where('problems.budgetWan', '>=', input.budgetMin);
  if (input.budgetMax !== undefined) q = q.where('problems.budgetWan', '<=', input.budgetMax);
  if (input.deadlineFrom) q = q.where('problems.deadline', '>=', input.deadlineFrom);
  if (input.deadlineTo) q = q.where('problems.deadline', '<=', input.deadlineTo);
  if (input.postedFrom) q = q.where(sql<boolean>`${postedDay} >= ${input.postedFrom}::date`);
  if (input.postedTo) q = q.where(sql<boolean>`${postedDay} <= ${input.postedTo}::date`);
  if (input.q) q = q.where('problems.title', 'ilike', `%${escapeLike(input.q)}%`);
  return pageOf(
    q,
    (q) =>
      q
        .orderBy(`problems.${field}`, (ob) => {
          const dir = direction === 'asc' ? ob.asc() : ob.desc();
          return NULLABLE_SORTS.has(field) ? dir.nullsLast() : dir;
        })
        .orderBy('problems.id'),
    input,
  );
}

/** One stage change of one problem, or the same change of many (their first `open` on a bulk import). */
export async function insertStageHistory(
  tx: Tx,
  ctx: ChangeContext,
  problemIds: string | readonly string[],
  from: ProblemStage | null,
  to: ProblemStage,
  reason: StageReason | null,
): Promise<void> {
  const ids = typeof problemIds === 'string' ? [problemIds] : problemIds;
  if (!ids.length) return;
  const why = { reasonCode: reason?.code ?? null, reasonParams: reason ? JSON.stringify(reason.params) : null };
  const { userId: actorUserId, name: actorName } = ctx.actor;
  const at = ctx.at ? { at: ctx.at } : {};
  await tx
    .insertInto('problemStageHistory')
    .values(
      ids.map((problemId) => ({ problemId, fromStage: from, toStage: to, ...why, actorUserId, actorName, ...at })),
    )
    .execute();
}
