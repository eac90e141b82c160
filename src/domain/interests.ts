/** 合作意向: status codes and their Chinese labels (no imports, so any module may use them). */
export const INTEREST_STATUSES = ['active', 'withdrawn'] as const;
export type InterestStatus = (typeof INTEREST_STATUSES)[number];
export const INTEREST_STATUS_LABELS: Record<InterestStatus, string> = { active: '有效', withdrawn: '已撤回' };
