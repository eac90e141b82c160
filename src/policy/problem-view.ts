/**
 * Redaction of a problem record for one viewer (API responses and web pages alike): a university
 * learns the enterprise's identity, its contact and who typed the record in only once introduced.
 */
import type { Actor } from '../auth/actor.js';
import type { Problem } from '../db/tables.js';
import { REVIEW_STATUS_LABELS } from '../domain/review.js';
import type { ProblemView } from '../modules/problems/schemas.js';
import { STAGE_LABELS } from '../domain/stages.js';
import { enterpriseRevealed, isDraft } from './rules.js';

/** A problem as the repositories read it: the row, its enterprise, and whether it was introduced to the viewer. */
export type ProblemRecord = Problem & {
  enterpriseName: string;
  enterpriseIndustry: string | null;
  enterpriseContactName: string | null;
  enterpriseContactPhone: string | null;
  enterpriseContactEmail: string | null;
  /** For a university viewer: one of its labs was introduced to this problem. */
  introducedToViewer: boolean;
};

/** One view for every viewer of a problem it may see. */
export function problemView(row: ProblemRecord, viewer: Actor): ProblemView {
  const revealed = enterpriseRevealed(viewer, row);
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
    enterpriseId: revealed ? row.enterpriseId : null,
    enterprise: revealed ? enterprise : null,
    enterpriseWithheld: !revealed,
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
    // The user id of whoever typed the problem in is the enterprise's (or the bureau's) business.
    createdBy: viewer.role === 'university' ? null : row.createdBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Who may change a problem: the bureau any but a draft (which it cannot see), an enterprise its own
 * (others read it as missing).
 */
export const canWriteProblem = (viewer: Actor, row: Pick<Problem, 'enterpriseId' | 'reviewStatus'>): boolean =>
  viewer.role === 'bureau' ? !isDraft(row) : viewer.role === 'enterprise' && viewer.enterpriseId === row.enterpriseId;
