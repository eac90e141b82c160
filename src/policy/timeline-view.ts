/**
 * Redaction of a problem's timeline for one viewer: which kinds of events it reads at all, whose
 * names it reads, and how much of each stage reason (src/policy/stage-reasons.ts).
 */
import { ROLE_LABELS, type Actor } from '../auth/actor.js';
import type { ProblemStage, Role } from '../db/tables.js';
import { STAGE_LABELS } from '../domain/stages.js';
import type { TimelineItemView } from '../modules/problems/timeline-schemas.js';
import { type ReasonAudience, renderStageReason, type StageReason } from './stage-reasons.js';

/** Which events of a problem's timeline the viewer reads (it may see the problem). */
export interface TimelineScope {
  /** Review steps and their comments: between the bureau and the enterprise only. */
  reviews: boolean;
  /** The bureau's shortlist (candidates never introduced): the bureau only. */
  shortlist: boolean;
  /** A university reads only its own labs' interests, introductions, contacts and agreements. */
  universityId: string | null;
}

export const timelineScope = (viewer: Actor): TimelineScope => ({
  reviews: viewer.role !== 'university',
  shortlist: viewer.role === 'bureau',
  universityId: viewer.role === 'university' ? viewer.universityId : null,
});

/** The person behind an event: a user's side, or null for the admin token and the system. */
export interface EventActor {
  name: string;
  role: Role | null;
  enterpriseId: string | null;
  universityId: string | null;
}

/** What the viewer knows about the problem: whether it owns it, and which labs and universities were introduced to it. */
export interface ProblemAudience extends ReasonAudience {
  /** The viewer learns the enterprise's identity (src/policy/rules.ts `enterpriseRevealed`). */
  enterpriseRevealed: boolean;
  /** Universities whose labs were introduced to this viewer (for an enterprise: to its problem). */
  introducedUniversityIds: ReadonlySet<string>;
}

/**
 * Whose name a viewer reads: the bureau every name; everyone the bureau's staff (they act in public
 * office) and its own side's people; the other side's people once introduced. Others read the side.
 */
export function actorNameFor(audience: ProblemAudience, actor: EventActor): string {
  const { viewer } = audience;
  if (viewer.role === 'bureau' || actor.role === null || actor.role === 'bureau') return actor.name;
  if (actor.role === 'enterprise') {
    const ownSide = viewer.role === 'enterprise' && viewer.enterpriseId === actor.enterpriseId;
    return ownSide || (viewer.role === 'university' && audience.enterpriseRevealed)
      ? actor.name
      : ROLE_LABELS.enterprise;
  }
  const ownSide = viewer.role === 'university' && viewer.universityId === actor.universityId;
  const introduced =
    viewer.role === 'enterprise' && !!actor.universityId && audience.introducedUniversityIds.has(actor.universityId);
  return ownSide || introduced ? actor.name : ROLE_LABELS.university;
}

/** One stage-history row as stored. */
export interface StageEntry {
  at: Date;
  fromStage: ProblemStage | null;
  toStage: ProblemStage;
  reason: StageReason | null;
  actor: EventActor;
}

export function stageEntryView(entry: StageEntry, audience: ProblemAudience): TimelineItemView {
  const { fromStage: from, toStage: to } = entry;
  return {
    kind: 'stage',
    at: entry.at.toISOString(),
    label: from ? `阶段：${STAGE_LABELS[from]} → ${STAGE_LABELS[to]}` : `登记难题，阶段：${STAGE_LABELS[to]}`,
    actorName: actorNameFor(audience, entry.actor),
    fromStage: from,
    toStage: to,
    fromLabel: from ? STAGE_LABELS[from] : null,
    toLabel: STAGE_LABELS[to],
    reason: renderStageReason(entry.reason, audience),
  };
}
