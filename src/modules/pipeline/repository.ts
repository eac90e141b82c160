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
 * The latest event on the problem, whatever its kind. Posting counts as the first: its own stage
 * row and review submission are the same event (and `posted_at` is what seeded history backdates).
 */
const lastActivity = sql<{ kind: string; at: Date }>`(
  select a.kind, a.at from (
    select 'stage'::text as kind, max(h.at) as at from problem_stage_history h where h.problem_id = problems.id and h.from_stage is not null
    union all select 'review', max(r.at) from problem_reviews r where r.problem_id = problems.id and r.action <> 'submit'
    union all select 'interest', max(coalesce(i.withdrawn_at, i.created_at)) from interests i where i.problem_id = problems.id and i.deleted_at is null
    union all select 'introduction', max(n.updated_at) from introductions n where n.problem_id = problems.id and n.deleted_at is null
    union all select 'contact', max(c.occurred_at) from contacts c where c.problem_id = problems.id and c.deleted_at is null
    union all select 'agreement', max(g.created_at) from agreements g where g.problem_ids @> array[problems.id] and g.deleted_at is null
    union all select 'posted', problems.posted_at
  ) a where a.at is not null order by a.at desc, a.kind limit 1
)`;

function base(db: Kysely<Database>, f: PipelineFilters, skip: { stage?: boolean; review?: boolean } = {}) {
  let q = db
    .selectFrom('problems')
    .innerJoin('enterprises', 'enterprises.id', 'problems.enterpriseId')
    .innerJoinLateral(lastActivity.as('act'), (join) => join.onTrue())
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
        .select([
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
        ])
        .orderBy(sql`${order} ${sql.raw(direction)}`)
        .orderBy('problems.id'),
    page,
  );
}

export type PipelineRow = Awaited<ReturnType<typeof listPipeline>>['rows'][number];

export function countByStage(db: Kysely<Database>, f: PipelineFilters) {
  return base(db, f, { stage: true })
    .select(['problems.stage', sql<number>`count(*)::int`.as('count')])
    .groupBy('problems.stage')
    .execute();
}

export function countByReview(db: Kysely<Database>, f: PipelineFilters) {
  return base(db, f, { review: true })
    .select(['problems.reviewStatus', sql<number>`count(*)::int`.as('count')])
    .groupBy('problems.reviewStatus')
    .execute();
}
