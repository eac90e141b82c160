/** 技术难题/需求: queries only. Who may see which problem is the policy's expression (src/policy/rules.ts). */
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { Database, ProblemStage } from '../../db/tables.js';
import { escapeLike } from '../../db/sql-helpers.js';
import { decodeCursor, parseSort, withTotal } from '../../db/pagination.js';
import { cachedQuery } from '../../db/query-cache.js';
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

/** The viewer as the shape (its role) and the values (its ids) of a cached query. */
const viewerShape = (viewer: Actor) => ({ role: viewer.role });
const viewerValues = (viewer: Actor) => ({
  viewerUserId: viewer.userId,
  viewerName: viewer.name,
  viewerEnterpriseId: viewer.enterpriseId,
  viewerUniversityId: viewer.universityId,
});
type ViewerValues = ReturnType<typeof viewerValues>;
const viewerOf = (shape: { role: Actor['role'] }, v: ViewerValues): Actor => ({
  userId: v.viewerUserId,
  name: v.viewerName,
  role: shape.role,
  enterpriseId: v.viewerEnterpriseId,
  universityId: v.viewerUniversityId,
});

/** The live problem if the viewer may see it (src/policy/rules.ts), with `introducedToViewer` filled in. */
export async function findVisibleProblem(
  db: Kysely<Database>,
  viewer: Actor,
  id: string,
): Promise<ProblemRow | undefined> {
  const query = cachedQuery('findVisibleProblem', viewerShape(viewer), { id, ...viewerValues(viewer) }, (shape, v) => {
    const who = viewerOf(shape, v);
    return problemsWithEnterprise(db, who.universityId).where('problems.id', '=', v.id).where(visibleProblemsSql(who));
  });
  return (await db.executeQuery(query)).rows[0];
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

/** The list's filters as the values of a cached query: only parameters, computed before the query is built. */
function listValues(input: ListProblemsInput, viewer: Actor) {
  return {
    ...viewerValues(viewer),
    reviewStatus: input.reviewStatus?.length ? input.reviewStatus : undefined,
    enterpriseId: input.enterpriseId,
    stage: input.stage?.length ? input.stage : undefined,
    domains: input.domains?.length ? input.domains : undefined,
    visibility: input.visibility,
    liaisonId: input.liaisonId,
    budgetMin: input.budgetMin,
    budgetMax: input.budgetMax,
    deadlineFrom: input.deadlineFrom,
    deadlineTo: input.deadlineTo,
    postedFrom: input.postedFrom,
    postedTo: input.postedTo,
    titleLike: input.q ? `%${escapeLike(input.q)}%` : undefined,
  };
}
type ListValues = ReturnType<typeof listValues>;

function filteredProblems(db: Kysely<Database>, shape: { role: Actor['role'] }, v: ListValues) {
  const who = viewerOf(shape, v);
  const postedDay = sql<string>`(problems.posted_at at time zone 'Asia/Shanghai')::date`;
  let q = problemsWithEnterprise(db, who.universityId).where(visibleProblemsSql(who));
  if (v.reviewStatus) q = q.where('problems.reviewStatus', 'in', v.reviewStatus);
  if (v.enterpriseId) q = q.where('problems.enterpriseId', '=', v.enterpriseId);
  if (v.stage) q = q.where('problems.stage', 'in', v.stage);
  if (v.domains) q = q.where(sql<boolean>`problems.domains && ${sql.val(v.domains)}::text[]`);
  if (v.visibility) q = q.where('problems.visibility', '=', v.visibility);
  if (v.liaisonId) q = q.where('problems.liaisonId', '=', v.liaisonId);
  if (v.budgetMin !== undefined) q = q.where('problems.budgetWan', '>=', v.budgetMin);
  if (v.budgetMax !== undefined) q = q.where('problems.budgetWan', '<=', v.budgetMax);
  if (v.deadlineFrom) q = q.where('problems.deadline', '>=', v.deadlineFrom);
  if (v.deadlineTo) q = q.where('problems.deadline', '<=', v.deadlineTo);
  if (v.postedFrom) q = q.where(sql<boolean>`${postedDay} >= ${v.postedFrom}::date`);
  if (v.postedTo) q = q.where(sql<boolean>`${postedDay} <= ${v.postedTo}::date`);
  if (v.titleLike) q = q.where('problems.title', 'ilike', v.titleLike);
  return q;
}

/** A page of the problems the viewer may see that match the filters. */
export async function listProblems(db: Kysely<Database>, input: ListProblemsInput, viewer: Actor) {
  const { field, direction } = parseSort(input.sort);
  const offset = decodeCursor(input.cursor);
  const values = { ...listValues(input, viewer), limit: input.limit + 1, offset };
  const shape = { ...viewerShape(viewer), field, direction };
  const page = cachedQuery('listProblems', shape, values, (shape, v) =>
    filteredProblems(db, shape, v)
      .orderBy(`problems.${shape.field}`, (ob) => {
        const dir = shape.direction === 'asc' ? ob.asc() : ob.desc();
        return NULLABLE_SORTS.has(shape.field) ? dir.nullsLast() : dir;
      })
      .orderBy('problems.id')
      .limit(v.limit)
      .offset(v.offset),
  );
  // The count (a first page that is full) is rare enough to be built when needed.
  const rows = await withTotal<ProblemRow>(
    () => filteredProblems(db, shape, values),
    { execute: async () => (await db.executeQuery(page)).rows },
    input.limit,
    offset,
    input.cursor,
  );
  return { rows, offset };
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
