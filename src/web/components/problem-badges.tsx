/** Review status and pipeline stage as text badges (the tone only adds colour). */
import { Badge, type Tone } from './badge.js';

const REVIEW_TONES: Record<string, Tone> = {
  pending_review: 'info',
  revision_requested: 'warning',
  published: 'success',
  rejected: 'danger',
};
const STAGE_TONES: Record<string, Tone> = {
  open: 'info',
  matching: 'info',
  contacted: 'info',
  negotiating: 'warning',
  agreed: 'success',
  solved: 'success',
  closed: 'neutral',
};

export const ReviewBadge = ({ status, label }: { status: string; label: string }) => (
  <Badge text={label} tone={REVIEW_TONES[status] ?? 'neutral'} title="审核状态" />
);
export const StageBadge = ({ stage, label }: { stage: string; label: string }) => (
  <Badge text={label} tone={STAGE_TONES[stage] ?? 'neutral'} title="对接阶段" />
);
