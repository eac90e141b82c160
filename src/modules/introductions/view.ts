/** 推荐与引荐: the view per viewer — each side's identity and contact only once introduced. */
import type { Actor } from '../../auth/actor.js';
import { enterpriseRevealed, labContactRevealed } from '../../policy/rules.js';
import { STAGE_LABELS } from '../../domain/stages.js';
import { INTRODUCTION_SOURCE_LABELS, INTRODUCTION_STATUS_LABELS, SIDE_LABELS } from '../../domain/introductions.js';
import type { IntroductionRow } from './repository.js';
import type { IntroductionView } from './schemas.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toIntroductionView(row: IntroductionRow, viewer: Actor): IntroductionView {
  const introduced = row.introducedAt !== null;
  const showEnterprise = enterpriseRevealed(viewer, { introducedToViewer: introduced });
  const showLabContact = labContactRevealed(viewer, { universityId: row.universityId, introducedToViewer: introduced });
  return {
    id: row.id,
    problemId: row.problemId,
    problem: {
      id: row.problemId,
      title: row.problemTitle,
      stage: row.problemStage,
      stageLabel: STAGE_LABELS[row.problemStage],
    },
    labId: row.labId,
    lab: { id: row.labId, name: row.labName },
    university: { id: row.universityId, name: row.universityName },
    enterprise: showEnterprise
      ? {
          id: row.enterpriseId,
          name: row.enterpriseName,
          contact: {
            name: row.enterpriseContactName,
            phone: row.enterpriseContactPhone,
            email: row.enterpriseContactEmail,
          },
        }
      : null,
    labContact: showLabContact
      ? { name: row.labContactName, phone: row.labContactPhone, email: row.labContactEmail }
      : null,
    source: row.source,
    sourceLabel: INTRODUCTION_SOURCE_LABELS[row.source],
    interestId: row.interestId,
    matchScore: row.matchScore,
    note: row.note,
    status: row.status,
    statusLabel: INTRODUCTION_STATUS_LABELS[row.status],
    introducedAt: iso(row.introducedAt),
    enterpriseResponse: row.enterpriseResponse,
    enterpriseRespondedAt: iso(row.enterpriseRespondedAt),
    universityResponse: row.universityResponse,
    universityRespondedAt: iso(row.universityRespondedAt),
    declinedBy: row.declinedBy,
    declinedByLabel: row.declinedBy ? SIDE_LABELS[row.declinedBy] : null,
    declineReason: row.declineReason,
    withdrawnAt: iso(row.withdrawnAt),
    withdrawReason: row.withdrawReason,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
