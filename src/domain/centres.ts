/** 共建研发中心: kinds, levels and statuses with their Chinese labels, and the status moves. */
export const CENTRE_KINDS = ['rd_centre', 'engineering_centre', 'key_lab'] as const;
export type CentreKindCode = (typeof CENTRE_KINDS)[number];
export const CENTRE_KIND_LABELS: Record<CentreKindCode, string> = {
  rd_centre: '研发中心',
  engineering_centre: '工程技术研究中心',
  key_lab: '重点实验室',
};

/** In rising order. */
export const CENTRE_LEVELS = ['district', 'city', 'province', 'national'] as const;
export type CentreLevelCode = (typeof CENTRE_LEVELS)[number];
export const CENTRE_LEVEL_LABELS: Record<CentreLevelCode, string> = {
  district: '区级',
  city: '市级',
  province: '省级',
  national: '国家级',
};

export const CENTRE_STATUSES = ['planned', 'building', 'operating', 'recognized', 'revoked'] as const;
export type CentreStatusCode = (typeof CENTRE_STATUSES)[number];
export const CENTRE_STATUS_LABELS: Record<CentreStatusCode, string> = {
  planned: '筹建',
  building: '建设中',
  operating: '运行中',
  recognized: '已认定',
  revoked: '已撤销',
};

const ORDER: readonly CentreStatusCode[] = ['planned', 'building', 'operating', 'recognized'];

/** Forward along planned → building → operating → recognized (steps may be skipped); any but revoked may be revoked. */
export function canMoveCentre(from: CentreStatusCode, to: CentreStatusCode): boolean {
  if (from === to || from === 'revoked') return false;
  if (to === 'revoked') return true;
  return ORDER.indexOf(to) > ORDER.indexOf(from);
}

export const isHigherLevel = (from: CentreLevelCode, to: CentreLevelCode) =>
  CENTRE_LEVELS.indexOf(to) > CENTRE_LEVELS.indexOf(from);
