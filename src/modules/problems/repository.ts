/** 技术难题/需求: queries only. Who may see what is decided in the service and arrives here as a scope. */
import { type Kysely, sql } from 'kysely';
import type { Database, Problem, ProblemStage } from '../../db/tables.js';
import { escapeLike } from '../../db/sql-helpers.js';
import { decodeCursor, withTotal } from '../../http/pagination.js';
import { parseSort } from '../../http/schemas.js';
import type { ChangeContext, Tx } from '../../services/changes.js';
import type { ListProblemsInput } from './schemas.js';

export type ProblemRow = Problem & {
  enterpriseName: string;
  enterpriseIndustry: string | null;
  enterpriseContactName: string | null;
  enterpriseContactPhone: string | null;
  enterpriseContactEmail: string | null;
  /** For a university viewer: one of its labs was introduced to this problem. */
  introducedToViewer: boolean;
};

/**
 * Narrows a list to what the caller may see: one enterprise's problems, or for a university the
 * problems open to universities plus those introduced to one of its labs.
 */
export interface ProblemScope {
  enterpriseId?: string;
  universityId?: string;
}

const NULLABLE_SORTS = new Set(['deadline', 'budgetWan']);

/** True when one of the university's labs was introduced to the problem (the enterprise is then revealed to it). */
export const introducedTo = (universityId: string | undefined) =>
  universityId
    ? sql<boolean>`exists (select 1 from introductions i where i.problem_id = problems.id and i.university_id = ${universityId} and i.introduced_at is not null and i.deleted_at is null)`
    : sql<boolean>`false`;

/** Published, public and not closed: what every university may read. */
const openToUniversities = sql<boolean>`(problems.review_status = 'published' and problems.visibility = 'public' and problems.stage <> 'closed')`;

function problemsWithEnterprise(db: Kysely<Database>, universityId?: string) {
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
      introducedTo(universityId).as('introducedToViewer'),
    ])
    .where('problems.deletedAt', 'is', null);
}

/** `universityId` (a university viewer) fills `introducedToViewer`. */
export function findProblem(db: Kysely<Database>, id: string, universityId?: string): Promise<ProblemRow | undefined> {
  return problemsWithEnterprise(db, universityId).where('problems.id', '=', id).executeTakeFirst();
}

export function findLiveEnterprise(db: Kysely<Database>, id: string) {
  return db.selectFrom('enterprises').select(['id', 'liaisonId']).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
}

export function findBureauLiaison(db: Kysely<Database>, id: string) {
  return db.selectFrom('liaisons').select(['id']).where('id', '=', id).where('side', '=', 'bureau').where('deletedAt', 'is', null).executeTakeFirst();
}

export async function listProblems(db: Kysely<Database>, input: ListProblemsInput, scope: ProblemScope) {
  const offset = decodeCursor(input.cursor);
  const { field, direction } = parseSort(input.sort);
  const postedDay = sql<string>`(problems.posted_at at time zone 'Asia/Shanghai')::date`;
  let q = problemsWithEnterprise(db, scope.universityId);
  if (scope.enterpriseId) q = q.where('problems.enterpriseId', '=', scope.enterpriseId);
  if (scope.universityId) q = q.where(sql<boolean>`(${openToUniversities} or (problems.stage <> 'closed' and ${introducedTo(scope.universityId)}))`);
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
  const rows = await withTotal(
    q,
    q
      .orderBy(`problems.${field}`, (ob) => {
        const dir = direction === 'asc' ? ob.asc() : ob.desc();
        return NULLABLE_SORTS.has(field) ? dir.nullsLast() : dir;
      })
      .orderBy('problems.id')
      .limit(input.limit + 1)
      .offset(offset),
    input.limit,
    offset,
    input.cursor,
  );
  return { rows, offset };
}

/** One stage change of one problem, or the same change of many (their first `open` on a bulk import). */
export async function insertStageHistory(tx: Tx, ctx: ChangeContext, problemIds: string | readonly string[], from: ProblemStage | null, to: ProblemStage, reason: string | null): Promise<void> {
  const ids = typeof problemIds === 'string' ? [problemIds] : problemIds;
  if (!ids.length) return;
  await tx.insertInto('problemStageHistory').values(ids.map((problemId) => ({ problemId, fromStage: from, toStage: to, reason, actorUserId: ctx.actor.userId, actorName: ctx.actor.name, ...(ctx.at ? { at: ctx.at } : {}) }))).execute();
}
