/** 撮合进度: queries only — problems with their effective liaison and their last activity of any kind. */
import { type Kysely, sql } from 'kysely';
import type { Database, ProblemStage, ReviewStatus } from '../../db/tables.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import { submittedSql } from '../../policy/rules.js';
import type { PipelineInput } from './schemas.js';

export interface PipelineFilters {
  liaisonId?: string;
  enterpriseId?: string;
  stage?: readonly ProblemStage[];
  reviewStatus?: readonly ReviewStatus[];
  /** Last activity at or before this instant. */
  activityBefore?: Date;
  /** Any of these 技术领域. */
  domains?: readonly string[];
  /** Posted on or after / on or before these days (Beijing time). */
  postedFrom?: string;
  postedTo?: string;
}

const postedDay = sql`(problems.posted_at at time zone 'Asia/Shanghai')::date`;

/** The problem's liaison, or else its enterprise's. */
const liaison = sql<string | null>`coalesce(problems.liaison_id, enterprises.liaison_id)`;

/**
 * The latest event on each problem, whatever its kind, other than its posting: kept in
 * `problem_last_activity` by triggers on the six activity tables (migration
 * 2026-11-30T1800-perf-problem-last-activity), so the board reads one row per problem instead of
 * grouping every table's history on each request.
 */
const activityByProblem = sql<{ problemId: string; kind: string; at: Date }>`problem_last_activity`;

/**
 * The latest event, posting included: posting counts as the first (its own stage row and review
 * submission are the same event, and posted_at is what seeded history backdates); on a tie the
 * kind that sorts first wins, as it always has.
 */
const lastActivity = sql<{ kind: string; at: Date }>`(
  select
    case when la.at > problems.posted_at or (la.at = problems.posted_at and la.kind < 'posted') then la.kind else 'posted' end as kind,
    greatest(la.at, problems.posted_at) as at
)`;

/** The filtered problems; `act` (their last activity) is joined unless `skip.activity` (counts that need no date). */
function base(
  db: Kysely<Database>,
  f: PipelineFilters,
  skip: { stage?: boolean; review?: boolean; activity?: boolean } = {},
) {
  let q = db
    .selectFrom('problems')
    .innerJoin('enterprises', 'enterprises.id', 'problems.enterpriseId')
    .$if(!skip.activity || !!f.activityBefore, (qb) =>
      qb
        .leftJoin(activityByProblem.as('la'), (join) => join.on(sql<boolean>`la.problem_id = problems.id`))
        .innerJoinLateral(lastActivity.as('act'), (join) => join.onTrue()),
    )
    .where('problems.deletedAt', 'is', null)
    .where(submittedSql()); // drafts are their enterprise's alone
  if (f.liaisonId) q = q.where(sql<boolean>`${liaison} = ${f.liaisonId}`);
  if (f.enterpriseId) q = q.where('problems.enterpriseId', '=', f.enterpriseId);
  if (f.stage?.length && !skip.stage) q = q.where('problems.stage', 'in', f.stage);
  if (f.reviewStatus?.length && !skip.review) q = q.where('problems.reviewStatus', 'in', f.reviewStatus);
  if (f.domains?.length) q = q.where(sql<boolean>`problems.domains && ${sql.val(f.domains)}::text[]`);
  if (f.postedFrom) q = q.where(sql<boolean>`${postedDay} >= ${f.postedFrom}::date`);
  if (f.postedTo) q = q.where(sql<boolean>`${postedDay} <= ${f.postedTo}::date`);
  if (f.activityBefore) q = q.where(sql<boolean>`act.at <= ${f.activityBefore.toISOString()}::timestamptz`);
  return q;
}

/** A pipeline card's columns: the list and the board select the same ones. */
const cardColumns = [
  'problems.id',
  'problems.title',
  'problems.postedAt',
  'problems.stage',
  'problems.reviewStatus',
  'enterprises.id as enterpriseId',
  'enterprises.name as enterpriseName',
  'liaisons.id as liaisonId',
  'liaisons.name as liaisonName',
  sql<string>`act.kind`.as('lastActivityKind'),
  sql<Date>`act.at`.as('lastActivityAt'),
] as const;

export async function listPipeline(
  db: Kysely<Database>,
  f: PipelineFilters,
  page: Pick<PipelineInput, 'limit' | 'cursor' | 'sort'>,
) {
  const { field, direction } = parseSort(page.sort);
  const order =
    field === 'lastActivityAt' ? sql`act.at` : field === 'postedAt' ? sql`problems.posted_at` : sql`problems.title`;
  const filtered = base(db, f).leftJoin('liaisons', (join) => join.on(sql<boolean>`liaisons.id = ${liaison}`));
  return pageOf(
    filtered,
    (q) =>
      q
        .select(cardColumns)
        .orderBy(sql`${order} ${sql.raw(direction)}`)
        .orderBy('problems.id'),
    page,
  );
}

export type PipelineRow = Awaited<ReturnType<typeof listPipeline>>['rows'][number];

/**
 * The board's cards in one query: each stage's `perStage` quietest problems (oldest last activity
 * first), so the activity of every problem is computed once rather than once per stage column.
 */
export async function boardCards(
  db: Kysely<Database>,
  f: PipelineFilters,
  perStage: number,
): Promise<Omit<PipelineRow, 'total'>[]> {
  const ranked = base(db, f)
    .leftJoin('liaisons', (join) => join.on(sql<boolean>`liaisons.id = ${liaison}`))
    .select([
      ...cardColumns,
      sql<number>`row_number() over (partition by problems.stage order by act.at asc, problems.id)`.as('rank'),
    ]);
  const rows = await db
    .selectFrom(ranked.as('r'))
    .selectAll('r')
    .where('r.rank', '<=', perStage)
    .orderBy('r.stage')
    .orderBy('r.rank')
    .execute();
  return rows.map(({ rank: _, ...row }) => row);
}

export function countByStage(db: Kysely<Database>, f: PipelineFilters) {
  return base(db, f, { stage: true, activity: true })
    .select(['problems.stage', sql<number>`count(*)::int`.as('count')])
    .groupBy('problems.stage')
    .execute();
}

export function countByReview(db: Kysely<Database>, f: PipelineFilters) {
  return base(db, f, { review: true, activity: true })
    .select(['problems.reviewStatus', sql<number>`count(*)::int`.as('count')])
    .groupBy('problems.reviewStatus')
    .execute();
}
