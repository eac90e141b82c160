/**
 * Who may see which problem: every rule once, in its three forms side by side — a predicate over a
 * row, a Kysely expression over the `problems` table (any alias), and search-engine filters over the
 * problem documents. test/policy/matrix.test.ts holds the three to the same answer in every cell.
 *
 * - open to universities: published, public and not closed;
 * - open for cooperation: published, not solved and not closed (interests, introductions, lab matches);
 * - introduced: one of a university's labs was introduced (not merely shortlisted) to the problem;
 * - a draft (草稿) is its enterprise's alone: no one else sees it, the bureau included, until submitted;
 * - visible to this actor: the bureau all but drafts; an enterprise its own; a university those open
 *   to universities and, while not closed and not a draft, those introduced to one of its labs;
 * - enterprise identity revealed: to the bureau and the owner; to a university once introduced;
 * - lab contact revealed: to the bureau and the lab's university; to the enterprise once introduced.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { Problem } from '../db/tables.js';
import type { Filter } from '../search/port.js';

/** The facts the rules read from a problem; `introducedToViewer` is per viewer (a university's labs). */
export type ProblemFacts = Pick<Problem, 'enterpriseId' | 'visibility' | 'stage' | 'reviewStatus'> & {
  introducedToViewer: boolean;
};

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

// ── drafts ───────────────────────────────────────────────────────────────────────────────────

/** A draft has not been submitted for review: only its enterprise sees it. */
export const isDraft = (row: Pick<Problem, 'reviewStatus'>): boolean => row.reviewStatus === 'draft';

/** Submitted (not a draft): the problems the bureau's views, figures and exports count. */
export const submittedSql = (alias = 'problems'): RawBuilder<boolean> =>
  sql<boolean>`(${col(alias, 'review_status')} <> 'draft')`;

export const submittedFilters: readonly Filter[] = [{ field: 'reviewStatus', op: 'not_in', values: ['draft'] }];

// ── open to universities ───────────────────────────────────────────────────────────────────────

export const openToUniversities = (row: Pick<Problem, 'visibility' | 'stage' | 'reviewStatus'>): boolean =>
  row.reviewStatus === 'published' && row.visibility === 'public' && row.stage !== 'closed';

export const openToUniversitiesSql = (alias = 'problems'): RawBuilder<boolean> =>
  sql<boolean>`(${col(alias, 'review_status')} = 'published' and ${col(alias, 'visibility')} = 'public'
    and ${col(alias, 'stage')} <> 'closed')`;

/**
 * Engine filters cannot OR, so each problem document carries `readers`, the university audiences that
 * may read it (see `problemReaders`); a university's filter asks for either of its two tokens.
 */
export const ALL_UNIVERSITIES = 'universities';
export const universityReader = (universityId: string) => `university:${universityId}`;

// ── open for cooperation ───────────────────────────────────────────────────────────────────────

export const openForCooperation = (row: Pick<Problem, 'stage' | 'reviewStatus'>): boolean =>
  row.reviewStatus === 'published' && row.stage !== 'solved' && row.stage !== 'closed';

export const openForCooperationSql = (alias = 'problems'): RawBuilder<boolean> =>
  sql<boolean>`(${col(alias, 'review_status')} = 'published' and ${col(alias, 'stage')} not in ('solved', 'closed'))`;

export const openForCooperationFilters: readonly Filter[] = [
  { field: 'reviewStatus', op: 'in', values: ['published'] },
  { field: 'stage', op: 'not_in', values: ['solved', 'closed'] },
];

// ── introduced to a university (reveals the enterprise to it, and its lab to the enterprise) ─────

/** True when one of the university's labs was introduced to the problem; false for no university. */
export const introducedToSql = (universityId: string | null | undefined, alias = 'problems'): RawBuilder<boolean> =>
  universityId
    ? sql<boolean>`exists (select 1 from introductions i where i.problem_id = ${col(alias, 'id')}
        and i.university_id = ${universityId} and i.introduced_at is not null and i.deleted_at is null)`
    : sql<boolean>`false`;

/** Which introductions count as introduced, for code that has the rows in hand. */
export const isIntroduced = (n: { introducedAt: Date | null; deletedAt?: Date | null }): boolean =>
  n.introducedAt !== null && !n.deletedAt;

// ── visible to this actor ──────────────────────────────────────────────────────────────────────

export function canSeeProblem(viewer: Actor, row: ProblemFacts): boolean {
  if (viewer.role === 'enterprise') return viewer.enterpriseId === row.enterpriseId;
  if (isDraft(row)) return false;
  if (viewer.role === 'bureau') return true;
  return openToUniversities(row) || (row.introducedToViewer && row.stage !== 'closed');
}

export function visibleProblemsSql(viewer: Actor, alias = 'problems'): RawBuilder<boolean> {
  if (viewer.role === 'enterprise')
    return sql<boolean>`${col(alias, 'enterprise_id')} = ${viewer.enterpriseId ?? null}`;
  if (viewer.role === 'bureau') return submittedSql(alias);
  return sql<boolean>`(${openToUniversitiesSql(alias)}
    or (${col(alias, 'stage')} <> 'closed' and ${submittedSql(alias)} and ${introducedToSql(viewer.universityId, alias)}))`;
}

/** Filters the server adds to every problems query, whatever the caller's own filters say. */
export function visibleProblemsFilters(viewer: Actor): Filter[] {
  if (viewer.role === 'bureau') return [...submittedFilters];
  if (viewer.role === 'enterprise') return [{ field: 'enterpriseId', op: 'in', values: [viewer.enterpriseId ?? '-'] }];
  return [{ field: 'readers', op: 'in', values: [ALL_UNIVERSITIES, universityReader(viewer.universityId ?? '-')] }];
}

/**
 * The `readers` field of a problem document: the engine form of the university half of `canSeeProblem`.
 * A draft has none, so it is never indexed for any university.
 */
export function problemReaders(
  row: Pick<Problem, 'visibility' | 'stage' | 'reviewStatus'>,
  introduced: readonly string[],
) {
  const readers = openToUniversities(row) ? [ALL_UNIVERSITIES] : [];
  if (row.stage !== 'closed' && !isDraft(row)) readers.push(...introduced.map(universityReader));
  return readers;
}

// ── enterprise identity, lab contact ───────────────────────────────────────────────────────────

/** Whether the viewer (who may see the problem) learns which enterprise posted it and how to reach it. */
export const enterpriseRevealed = (viewer: Actor, row: Pick<ProblemFacts, 'introducedToViewer'>): boolean =>
  viewer.role !== 'university' || row.introducedToViewer;

/**
 * Whether the viewer learns how to reach a lab (its contact, who expressed its interest): the bureau and
 * the lab's university always, an enterprise once the lab was introduced to it. Contacts never enter the
 * search index, so this rule has no engine form.
 */
export const labContactRevealed = (
  viewer: Actor,
  lab: { universityId: string; introducedToViewer: boolean },
): boolean =>
  viewer.role === 'bureau' ||
  (viewer.role === 'university' ? viewer.universityId === lab.universityId : lab.introducedToViewer);

/** True when the lab was introduced to one of the enterprise's problems; false for no enterprise. */
export const labIntroducedToEnterpriseSql = (
  enterpriseId: string | null | undefined,
  alias = 'labs',
): RawBuilder<boolean> =>
  enterpriseId
    ? sql<boolean>`exists (select 1 from introductions i join problems p on p.id = i.problem_id
        where i.lab_id = ${col(alias, 'id')} and p.enterprise_id = ${enterpriseId}
        and i.introduced_at is not null and i.deleted_at is null)`
    : sql<boolean>`false`;
