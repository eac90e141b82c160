/**
 * Who sees which problem and how: the bureau everything; an enterprise its own; a university the
 * published, public, not-closed ones without the enterprise's identity — and, once the bureau has
 * introduced one of its labs, that problem (even if bureau-only, never once closed) with the
 * enterprise's identity and contact.
 * Other brokering modules use these rules for the problems their records name.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { Database, Problem } from '../../db/tables.js';
import { notFound } from '../../http/errors.js';
import { findProblem, type ProblemRow, type ProblemScope } from './repository.js';
import { REVIEW_STATUS_LABELS } from '../../domain/review.js';
import type { ProblemView } from './schemas.js';
import { PROBLEM_SPEC } from './stages.js';
import { STAGE_LABELS } from '../../domain/stages.js';

type Visible = Pick<Problem, 'enterpriseId' | 'visibility' | 'stage' | 'reviewStatus'> & { introducedToViewer: boolean };

/** Published, public and not closed: what every university may read (and express interest in). */
export const openToUniversities = (row: Pick<Problem, 'visibility' | 'stage' | 'reviewStatus'>) => row.reviewStatus === 'published' && row.visibility === 'public' && row.stage !== 'closed';

export function canSeeProblem(viewer: Actor, row: Visible): boolean {
  if (viewer.role === 'bureau') return true;
  if (viewer.role === 'enterprise') return viewer.enterpriseId === row.enterpriseId;
  return openToUniversities(row) || (row.introducedToViewer && row.stage !== 'closed');
}

export function problemScope(viewer: Actor): ProblemScope {
  if (viewer.role === 'enterprise') return { enterpriseId: viewer.enterpriseId! };
  if (viewer.role === 'university') return { universityId: viewer.universityId! };
  return {};
}

/** The problem if the viewer may see it. */
export async function findVisibleProblem(db: Kysely<Database>, viewer: Actor, id: string): Promise<ProblemRow | undefined> {
  const row = await findProblem(db, id, viewer.role === 'university' ? viewer.universityId! : undefined);
  return row && canSeeProblem(viewer, row) ? row : undefined;
}

/** Writes: the bureau any problem, an enterprise its own; others read as missing. */
export const authorizeProblemWrite = (actor: Actor) => (row: Problem) => {
  if (actor.role === 'bureau' || (actor.role === 'enterprise' && actor.enterpriseId === row.enterpriseId)) return;
  throw notFound(PROBLEM_SPEC.label);
};

/** One view for every viewer: a university gets the enterprise's identity and contact only once introduced. */
export function toProblemView(row: ProblemRow, viewer: Actor): ProblemView {
  const withheld = viewer.role === 'university' && !row.introducedToViewer;
  const enterprise = {
    id: row.enterpriseId,
    name: row.enterpriseName,
    industry: row.enterpriseIndustry,
    contactName: row.enterpriseContactName,
    contactPhone: row.enterpriseContactPhone,
    contactEmail: row.enterpriseContactEmail,
  };
  return {
    id: row.id,
    enterpriseId: withheld ? null : row.enterpriseId,
    enterprise: withheld ? null : enterprise,
    enterpriseWithheld: withheld,
    enterpriseIndustry: row.enterpriseIndustry,
    title: row.title,
    description: row.description,
    domains: row.domains,
    keywords: row.keywords,
    budgetWan: row.budgetWan,
    deadline: row.deadline,
    visibility: row.visibility,
    stage: row.stage,
    stageLabel: STAGE_LABELS[row.stage],
    reviewStatus: row.reviewStatus,
    reviewStatusLabel: REVIEW_STATUS_LABELS[row.reviewStatus],
    liaisonId: row.liaisonId,
    postedAt: row.postedAt.toISOString(),
    createdBy: viewer.role === 'university' ? null : row.createdBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
