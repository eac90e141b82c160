/**
 * 技术难题时间线: stage changes, reviews, interests, introductions, contacts and agreements of one
 * problem merged in time order. What each viewer reads of them is the policy's (src/policy/timeline-view.ts):
 * an enterprise its own problem's events except the bureau's shortlist, a university stage changes and
 * its own labs' events, the bureau everything; names and stage reasons per viewer.
 */
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { Database } from '../../db/tables.js';
import { AGREEMENT_TYPE_LABELS, type AgreementTypeCode } from '../../domain/agreements.js';
import { CONTACT_KIND_LABELS } from '../../domain/contacts.js';
import { SIDE_LABELS } from '../../domain/introductions.js';
import { enterpriseRevealed } from '../../policy/rules.js';
import { storedStageReason } from '../../policy/stage-reasons.js';
import { type ProblemAudience, stageEntryView, timelineScope } from '../../policy/timeline-view.js';
import { REVIEW_ACTION_LABELS, REVIEW_STATUS_LABELS } from '../../domain/review.js';
import type { TimelineItemView, TimelineKind } from './timeline-schemas.js';

type Item = TimelineItemView;
const iso = (d: Date) => d.toISOString();

/** Same-instant events (one transaction) in causal order: creation, then what happened, then the stage it caused. */
function rank(item: Item): number {
  if (item.kind === 'stage') return item.fromStage === null ? 0 : 9;
  return ['review', 'interest', 'introduction', 'contact', 'agreement'].indexOf(item.kind) + 1;
}

async function stageItems(db: Kysely<Database>, problemId: string, audience: ProblemAudience): Promise<Item[]> {
  const rows = await db
    .selectFrom('problemStageHistory as h')
    .leftJoin('users as u', 'u.id', 'h.actorUserId')
    .select(['h.at', 'h.fromStage', 'h.toStage', 'h.reasonCode', 'h.reasonParams', 'h.actorName'])
    .select(['u.role', 'u.enterpriseId', 'u.universityId'])
    .where('h.problemId', '=', problemId)
    .orderBy('h.at')
    .orderBy('h.id')
    .execute();
  return rows.map((r) => {
    const actor = { name: r.actorName, role: r.role, enterpriseId: r.enterpriseId, universityId: r.universityId };
    const reason = storedStageReason(r.reasonCode, r.reasonParams);
    return stageEntryView({ at: r.at, fromStage: r.fromStage, toStage: r.toStage, reason, actor }, audience);
  });
}

/** What the viewer knows about the problem, for names and stage reasons. */
async function audienceOf(db: Kysely<Database>, viewer: Actor, problem: TimelineProblem): Promise<ProblemAudience> {
  const scope = timelineScope(viewer);
  let q = db
    .selectFrom('introductions')
    .select(['labId', 'universityId'])
    .where('problemId', '=', problem.id)
    .where('introducedAt', 'is not', null)
    .where('deletedAt', 'is', null);
  if (scope.universityId) q = q.where('universityId', '=', scope.universityId);
  const introduced = viewer.role === 'bureau' ? [] : await q.execute();
  return {
    viewer,
    owner: viewer.role === 'bureau' || (viewer.role === 'enterprise' && viewer.enterpriseId === problem.enterpriseId),
    introducedLabIds: new Set(introduced.map((n) => n.labId)),
    introducedUniversityIds: new Set(introduced.map((n) => n.universityId)),
    enterpriseRevealed: enterpriseRevealed(viewer, problem),
  };
}

async function reviewItems(db: Kysely<Database>, problemId: string): Promise<Item[]> {
  const rows = await db
    .selectFrom('problemReviews')
    .selectAll()
    .where('problemId', '=', problemId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    kind: 'review',
    at: iso(r.at),
    label: `${REVIEW_ACTION_LABELS[r.action]}（${REVIEW_STATUS_LABELS[r.toStatus]}）`,
    actorName: r.actorName,
    action: r.action,
    actionLabel: REVIEW_ACTION_LABELS[r.action],
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    toStatusLabel: REVIEW_STATUS_LABELS[r.toStatus],
    comment: r.comment,
  }));
}

async function interestItems(db: Kysely<Database>, problemId: string, universityId?: string): Promise<Item[]> {
  let q = db
    .selectFrom('interests as i')
    .innerJoin('labs as l', 'l.id', 'i.labId')
    .innerJoin('universities as u', 'u.id', 'i.universityId')
    .select([
      'i.id',
      'i.note',
      'i.createdAt',
      'i.createdByName',
      'i.withdrawnAt',
      'i.withdrawReason',
      'l.id as labId',
      'l.name as labName',
      'u.id as universityId',
      'u.name as universityName',
    ])
    .where('i.problemId', '=', problemId)
    .where('i.deletedAt', 'is', null);
  if (universityId) q = q.where('i.universityId', '=', universityId);
  const rows = await q.orderBy('i.createdAt').orderBy('i.id').execute();
  return rows.flatMap((r) => {
    const base = {
      kind: 'interest' as const,
      interestId: r.id,
      lab: { id: r.labId, name: r.labName },
      university: { id: r.universityId, name: r.universityName },
    };
    const who = `${r.labName}（${r.universityName}）`;
    const items: Item[] = [
      { ...base, event: 'expressed', at: iso(r.createdAt), label: `${who}表达合作意向`, actorName: null, note: r.note },
    ];
    if (r.withdrawnAt)
      items.push({
        ...base,
        event: 'withdrawn',
        at: iso(r.withdrawnAt),
        label: `${who}撤回合作意向`,
        actorName: null,
        note: r.withdrawReason,
      });
    return items;
  });
}

/** `revealedOnly`: only introductions made (not the bureau's shortlist), for the two sides. */
async function introductionItems(
  db: Kysely<Database>,
  problemId: string,
  opts: { universityId?: string; revealedOnly: boolean },
): Promise<Item[]> {
  let q = db
    .selectFrom('introductions as n')
    .innerJoin('labs as l', 'l.id', 'n.labId')
    .innerJoin('universities as u', 'u.id', 'n.universityId')
    .selectAll('n')
    .select(['l.name as labName', 'u.name as universityName'])
    .where('n.problemId', '=', problemId)
    .where('n.deletedAt', 'is', null);
  if (opts.universityId) q = q.where('n.universityId', '=', opts.universityId);
  if (opts.revealedOnly) q = q.where('n.introducedAt', 'is not', null);
  const rows = await q.orderBy('n.createdAt').orderBy('n.id').execute();
  return rows.flatMap((r) => {
    const who = `${r.labName}（${r.universityName}）`;
    const base = {
      kind: 'introduction' as const,
      introductionId: r.id,
      lab: { id: r.labId, name: r.labName },
      university: { id: r.universityId, name: r.universityName },
      actorName: null,
    };
    const items: Item[] = [];
    const directly = r.introducedAt !== null && r.introducedAt.getTime() === r.createdAt.getTime();
    if (!opts.revealedOnly && !directly)
      items.push({
        ...base,
        event: 'shortlisted',
        at: iso(r.createdAt),
        label: `列入候选：${who}`,
        side: null,
        reason: null,
      });
    if (r.introducedAt)
      items.push({
        ...base,
        event: 'introduced',
        at: iso(r.introducedAt),
        label: `引荐：${who}`,
        side: null,
        reason: null,
      });
    for (const side of ['enterprise', 'university'] as const) {
      const response = side === 'enterprise' ? r.enterpriseResponse : r.universityResponse;
      const at = side === 'enterprise' ? r.enterpriseRespondedAt : r.universityRespondedAt;
      if (!response || !at) continue;
      const declined = response === 'declined';
      items.push({
        ...base,
        event: response,
        at: iso(at),
        label: `${SIDE_LABELS[side]}${declined ? '婉拒' : '同意'}对接：${who}`,
        side,
        reason: declined ? r.declineReason : null,
      });
    }
    if (r.withdrawnAt)
      items.push({
        ...base,
        event: 'withdrawn',
        at: iso(r.withdrawnAt),
        label: `撤销推荐：${who}`,
        side: null,
        reason: r.withdrawReason,
      });
    return items;
  });
}

async function contactItems(db: Kysely<Database>, problemId: string, universityId?: string): Promise<Item[]> {
  let q = db
    .selectFrom('contacts as c')
    .leftJoin('labs as l', 'l.id', 'c.labId')
    .selectAll('c')
    .where('c.problemId', '=', problemId)
    .where('c.deletedAt', 'is', null);
  if (universityId) q = q.where('l.universityId', '=', universityId);
  const rows = await q.orderBy('c.occurredAt').orderBy('c.id').execute();
  return rows.map((r) => ({
    kind: 'contact',
    at: iso(r.occurredAt),
    label: `${CONTACT_KIND_LABELS[r.kind]}：${r.summary.length > 40 ? `${r.summary.slice(0, 40)}…` : r.summary}`,
    actorName: null,
    contactId: r.id,
    contactKind: r.kind,
    contactKindLabel: CONTACT_KIND_LABELS[r.kind],
    summary: r.summary,
    outcome: r.outcome,
    nextStep: r.nextStep,
  }));
}

async function agreementItems(db: Kysely<Database>, problemId: string, universityId?: string): Promise<Item[]> {
  let q = db
    .selectFrom('agreements')
    .selectAll()
    .where(sql<boolean>`problem_ids @> array[${problemId}]::uuid[]`)
    .where('deletedAt', 'is', null);
  if (universityId) q = q.where('universityId', '=', universityId);
  const rows = await q.orderBy('createdAt').orderBy('id').execute();
  return rows.map((r) => ({
    kind: 'agreement',
    at: iso(r.createdAt),
    label: `签订${AGREEMENT_TYPE_LABELS[r.type as AgreementTypeCode]}协议《${r.title}》`,
    actorName: null,
    agreementId: r.id,
    title: r.title,
    type: r.type,
    typeLabel: AGREEMENT_TYPE_LABELS[r.type as AgreementTypeCode],
    signedOn: r.signedOn,
    amountWan: r.amountWan,
  }));
}

/** The problem whose timeline is read, as the viewer may see it (src/policy/rules.ts `canSeeProblem`). */
export type TimelineProblem = { id: string; enterpriseId: string; introducedToViewer: boolean };

/** The timeline of a problem the viewer may see (the caller has checked that), cut down by the policy. */
export async function problemTimeline(
  db: Kysely<Database>,
  viewer: Actor,
  problem: TimelineProblem,
  kinds?: readonly TimelineKind[],
): Promise<Item[]> {
  const want = (k: TimelineKind) => !kinds?.length || kinds.includes(k);
  const scope = timelineScope(viewer);
  const uni = scope.universityId ?? undefined;
  const problemId = problem.id;
  const parts = await Promise.all([
    want('stage') ? stageItems(db, problemId, await audienceOf(db, viewer, problem)) : [],
    want('review') && scope.reviews ? reviewItems(db, problemId) : [],
    want('interest') ? interestItems(db, problemId, uni) : [],
    want('introduction') ? introductionItems(db, problemId, { universityId: uni, revealedOnly: !scope.shortlist }) : [],
    want('contact') ? contactItems(db, problemId, uni) : [],
    want('agreement') ? agreementItems(db, problemId, uni) : [],
  ]);
  return parts.flat().sort((a, b) => (a.at === b.at ? rank(a) - rank(b) : a.at < b.at ? -1 : 1));
}
