/** 技术难题/需求: queries only. Who may see what is decided in the service and arrives here as a scope. */
import { type Kysely, sql } from 'kysely';
import type { Database, Problem, ProblemStage } from '../../db/tables.js';
import { escapeLike } from '../../db/sql-helpers.js';
import { decodeCursor } from '../../http/pagination.js';
import { parseSort } from '../../http/schemas.js';
import type { ChangeContext, Tx } from '../../services/changes.js';
import type { ListProblemsInput } from './schemas.js';

export type ProblemRow = Problem & {
  enterpriseName: string;
  enterpriseIndustry: string | null;
  enterpriseContactName: string | null;
  enterpriseContactPhone: string | null;
  enterpriseContactEmail: string | null;
};

/** Narrows a list to what the caller may see: one enterprise's problems, or public open-to-view ones. */
export interface ProblemScope {
  enterpriseId?: string;
  publicOnly?: boolean;
}

const NULLABLE_SORTS = new Set(['deadline', 'budgetWan']);

function problemsWithEnterprise(db: Kysely<Database>) {
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
    ])
    .where('problems.deletedAt', 'is', null);
}

export function findProblem(db: Kysely<Database>, id: string): Promise<ProblemRow | undefined> {
  return problemsWithEnterprise(db).where('problems.id', '=', id).executeTakeFirst();
}

export function findLiveEnterprise(db: Kysely<Database>, id: string) {
  return db.selectFrom('enterprises').select(['id']).where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
}

export function findBureauLiaison(db: Kysely<Database>, id: string) {
  return db.selectFrom('liaisons').select(['id']).where('id', '=', id).where('side', '=', 'bureau').where('deletedAt', 'is', null).executeTakeFirst();
}

export async function listProblems(db: Kysely<Database>, input: ListProblemsInput, scope: ProblemScope) {
  const offset = decodeCursor(input.cursor);
  const { field, direction } = parseSort(input.sort);
  const postedDay = sql<string>`(problems.posted_at at time zone 'Asia/Shanghai')::date`;
  let q = problemsWithEnterprise(db);
  if (scope.enterpriseId) q = q.where('problems.enterpriseId', '=', scope.enterpriseId);
  if (scope.publicOnly) q = q.where('problems.visibility', '=', 'public').where('problems.stage', '<>', 'closed');
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
  const rows = await q
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy(`problems.${field}`, (ob) => {
      const dir = direction === 'asc' ? ob.asc() : ob.desc();
      return NULLABLE_SORTS.has(field) ? dir.nullsLast() : dir;
    })
    .orderBy('problems.id')
    .limit(input.limit + 1)
    .offset(offset)
    .execute();
  return { rows, offset };
}

export function listStageHistory(db: Kysely<Database>, problemId: string) {
  return db.selectFrom('problemStageHistory').selectAll().where('problemId', '=', problemId).orderBy('at').orderBy('id').execute();
}

export async function insertStageHistory(tx: Tx, ctx: ChangeContext, problemId: string, from: ProblemStage | null, to: ProblemStage, reason: string | null): Promise<void> {
  await tx.insertInto('problemStageHistory').values({ problemId, fromStage: from, toStage: to, reason, actorUserId: ctx.actor.userId, actorName: ctx.actor.name }).execute();
}
