/** 校企合作协议: types, development modes, statuses and registration states with their Chinese labels, and the status moves. */
export const AGREEMENT_TYPES = [
  'development',
  'transfer',
  'licence',
  'consulting',
  'service',
  'joint_platform',
] as const;
export type AgreementTypeCode = (typeof AGREEMENT_TYPES)[number];
export const AGREEMENT_TYPE_LABELS: Record<AgreementTypeCode, string> = {
  development: '技术开发',
  transfer: '技术转让',
  licence: '技术许可',
  consulting: '技术咨询',
  service: '技术服务',
  joint_platform: '共建平台',
};

export const DEVELOPMENT_MODES = ['commissioned', 'joint'] as const;
export const DEVELOPMENT_MODE_LABELS: Record<(typeof DEVELOPMENT_MODES)[number], string> = {
  commissioned: '委托开发',
  joint: '合作开发',
};

export const AGREEMENT_STATUSES = ['signed', 'in_progress', 'completed', 'terminated'] as const;
export type AgreementStatusCode = (typeof AGREEMENT_STATUSES)[number];
export const AGREEMENT_STATUS_LABELS: Record<AgreementStatusCode, string> = {
  signed: '已签订',
  in_progress: '履行中',
  completed: '已完成',
  terminated: '已终止',
};

/** signed → in progress → completed; signed or in progress → terminated. */
const MOVES: Record<AgreementStatusCode, readonly AgreementStatusCode[]> = {
  signed: ['in_progress', 'terminated'],
  in_progress: ['completed', 'terminated'],
  completed: [],
  terminated: [],
};
export const canMoveAgreement = (from: AgreementStatusCode, to: AgreementStatusCode) => MOVES[from].includes(to);

export const REGISTRATION_STATES = ['registered', 'pending', 'overdue', 'not_required'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];
export const REGISTRATION_STATE_LABELS: Record<RegistrationState, string> = {
  registered: '已认定登记',
  pending: '待登记',
  overdue: '逾期未登记',
  not_required: '无需登记',
};

/**
 * Days between signing and the 技术合同认定登记 deadline: the one source for messages and docs. The database
 * computes `registration_due_on` (a generated column, frozen in its migration); a test holds the two equal.
 */
export const REGISTRATION_DAYS = 30;
