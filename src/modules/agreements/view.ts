/** 校企合作协议: the view, with the technology-contract registration state as of today. */
import type { Agreement } from '../../db/tables.js';
import { daysBetween } from '../../domain/calendar.js';
import { STAGE_LABELS } from '../../domain/stages.js';
import {
  AGREEMENT_STATUS_LABELS,
  AGREEMENT_TYPE_LABELS,
  DEVELOPMENT_MODE_LABELS,
  REGISTRATION_STATE_LABELS,
  type RegistrationState,
} from '../../domain/agreements.js';
import type { AgreementRow } from './repository.js';
import type { AgreementView } from './schemas.js';

/** Registered; not required once terminated unregistered; otherwise pending until the due date, overdue after. */
export function registrationState(
  row: Pick<Agreement, 'registeredOn' | 'status' | 'registrationDueOn'>,
  today: string,
): RegistrationState {
  if (row.registeredOn) return 'registered';
  if (row.status === 'terminated') return 'not_required';
  return row.registrationDueOn < today ? 'overdue' : 'pending';
}

export function toAgreementView(row: AgreementRow, today: string): AgreementView {
  const state = registrationState(row, today);
  return {
    id: row.id,
    title: row.title,
    type: row.type,
    typeLabel: AGREEMENT_TYPE_LABELS[row.type],
    developmentMode: row.developmentMode,
    developmentModeLabel: row.developmentMode ? DEVELOPMENT_MODE_LABELS[row.developmentMode] : null,
    enterpriseId: row.enterpriseId,
    enterprise: { id: row.enterpriseId, name: row.enterpriseName },
    universityId: row.universityId,
    university: { id: row.universityId, name: row.universityName },
    labId: row.labId,
    lab: row.labId && row.labName ? { id: row.labId, name: row.labName } : null,
    problemIds: row.problemIds,
    problems: row.problems.map((p) => ({ ...p, stageLabel: STAGE_LABELS[p.stage] })),
    amountWan: row.amountWan,
    signedOn: row.signedOn,
    startOn: row.startOn,
    endOn: row.endOn,
    status: row.status,
    statusLabel: AGREEMENT_STATUS_LABELS[row.status],
    statusNote: row.statusNote,
    summary: row.summary,
    registration: {
      dueOn: row.registrationDueOn,
      registeredOn: row.registeredOn,
      registrationNo: row.registrationNo,
      state,
      stateLabel: REGISTRATION_STATE_LABELS[state],
      daysLeft: state === 'pending' || state === 'overdue' ? daysBetween(today, row.registrationDueOn) : null,
    },
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
