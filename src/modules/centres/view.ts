/** 共建研发中心: the view with Chinese labels. */
import { CENTRE_KIND_LABELS, CENTRE_LEVEL_LABELS, CENTRE_STATUS_LABELS } from '../../domain/centres.js';
import type { CentreRow } from './repository.js';
import type { CentreView } from './schemas.js';

export function toCentreView(row: CentreRow): CentreView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    kindLabel: CENTRE_KIND_LABELS[row.kind],
    enterpriseId: row.enterpriseId,
    enterprise: { id: row.enterpriseId, name: row.enterpriseName },
    universityId: row.universityId,
    university: { id: row.universityId, name: row.universityName },
    labId: row.labId,
    lab: row.labId && row.labName ? { id: row.labId, name: row.labName } : null,
    agreementId: row.agreementId,
    agreement: row.agreementId && row.agreementTitle ? { id: row.agreementId, title: row.agreementTitle } : null,
    level: row.level,
    levelLabel: CENTRE_LEVEL_LABELS[row.level],
    status: row.status,
    statusLabel: CENTRE_STATUS_LABELS[row.status],
    plannedOn: row.plannedOn,
    establishedOn: row.establishedOn,
    recognizedOn: row.recognizedOn,
    revokedOn: row.revokedOn,
    summary: row.summary,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
