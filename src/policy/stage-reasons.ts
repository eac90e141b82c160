/**
 * Why a problem changed stage, stored as data (`reason_code` + `reason_params` on
 * problem_stage_history) and rendered per viewer: the bureau reads which lab it shortlisted; the two
 * sides read a neutral text unless that lab was introduced to them; agreement titles reach only the
 * agreement's parties; free text typed for a manual change reaches the bureau and the owning
 * enterprise, never universities (docs/visibility.md).
 */
import type { Actor } from '../auth/actor.js';
import { CONTACT_KIND_LABELS, type ContactKindCode } from '../domain/contacts.js';

export type StageReason =
  /** The bureau put one of the lab's teams on its shortlist (introduce: false). */
  | { code: 'shortlisted'; params: { labId: string | null; labName: string; universityId: string | null } }
  /** The bureau introduced the lab to the enterprise. */
  | { code: 'introduced'; params: { labId: string | null; labName: string; universityId: string | null } }
  /** The first contact recorded on the problem. */
  | { code: 'contact'; params: { contactId: string | null; kind: ContactKindCode } }
  /** An agreement that names the problem was signed. */
  | { code: 'agreement'; params: { agreementId: string | null; title: string; universityId: string | null } }
  /** Typed by staff (or the enterprise closing its own problem) for a manual change. */
  | { code: 'manual'; params: { text: string } };

export type StageReasonCode = StageReason['code'];
export const STAGE_REASON_CODES: readonly StageReasonCode[] = [
  'shortlisted',
  'introduced',
  'contact',
  'agreement',
  'manual',
];

/** Constructors the workflow calls, so the params of each code are written one way. */
export const stageReason = {
  shortlisted: (lab: { id: string; name: string; universityId: string }): StageReason => ({
    code: 'shortlisted',
    params: { labId: lab.id, labName: lab.name, universityId: lab.universityId },
  }),
  introduced: (lab: { id: string; name: string; universityId: string }): StageReason => ({
    code: 'introduced',
    params: { labId: lab.id, labName: lab.name, universityId: lab.universityId },
  }),
  contact: (contact: { id: string; kind: ContactKindCode }): StageReason => ({
    code: 'contact',
    params: { contactId: contact.id, kind: contact.kind },
  }),
  agreement: (agreement: { id: string; title: string; universityId: string }): StageReason => ({
    code: 'agreement',
    params: { agreementId: agreement.id, title: agreement.title, universityId: agreement.universityId },
  }),
  manual: (text: string): StageReason => ({ code: 'manual', params: { text } }),
};

/** What a viewer knows about the problem that decides how much of a reason it may read. */
export interface ReasonAudience {
  viewer: Actor;
  /** The viewer is the bureau or the enterprise that owns the problem. */
  owner: boolean;
  /** Labs introduced (not merely shortlisted) to this viewer on this problem. */
  introducedLabIds: ReadonlySet<string>;
}

/** The full text, as the bureau reads it. */
export function stageReasonText(reason: StageReason): string {
  switch (reason.code) {
    case 'shortlisted':
      return `推荐候选实验室：${reason.params.labName}`;
    case 'introduced':
      return `引荐实验室：${reason.params.labName}`;
    case 'contact':
      return `对接记录：${CONTACT_KIND_LABELS[reason.params.kind] ?? reason.params.kind}`;
    case 'agreement':
      return `签订合作协议《${reason.params.title}》`;
    case 'manual':
      return reason.params.text;
  }
}

/** The text this viewer reads, or null when it may read none. */
export function renderStageReason(reason: StageReason | null, audience: ReasonAudience): string | null {
  if (!reason) return null;
  const { viewer } = audience;
  if (viewer.role === 'bureau') return stageReasonText(reason);
  switch (reason.code) {
    case 'shortlisted':
    case 'introduced': {
      const { labId } = reason.params;
      return labId && audience.introducedLabIds.has(labId) ? stageReasonText(reason) : '进入匹配';
    }
    case 'contact':
      return stageReasonText(reason);
    case 'agreement': {
      const party = viewer.role === 'enterprise' ? audience.owner : viewer.universityId === reason.params.universityId;
      return party ? stageReasonText(reason) : '签订合作协议';
    }
    case 'manual':
      return audience.owner ? stageReasonText(reason) : null;
  }
}

/** A stored row's two columns as a reason (null for the posting row, which has none). */
export function storedStageReason(code: string | null, params: unknown): StageReason | null {
  if (!code) return null;
  return { code, params } as StageReason;
}
