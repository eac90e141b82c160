/** 推荐与引荐: status, source and side codes with their Chinese labels (no imports, so any module may use them). */
export const INTRODUCTION_STATUSES = ['shortlisted', 'introduced', 'accepted', 'declined', 'withdrawn'] as const;
export type IntroductionStatusCode = (typeof INTRODUCTION_STATUSES)[number];
export const INTRODUCTION_STATUS_LABELS: Record<IntroductionStatusCode, string> = {
  shortlisted: '候选',
  introduced: '已引荐',
  accepted: '双方同意对接',
  declined: '已婉拒',
  withdrawn: '已撤销',
};

export const INTRODUCTION_SOURCES = ['match', 'interest', 'manual'] as const;
export const INTRODUCTION_SOURCE_LABELS: Record<(typeof INTRODUCTION_SOURCES)[number], string> = {
  match: '系统推荐',
  interest: '高校意向',
  manual: '人工推荐',
};

export const SIDE_LABELS = { enterprise: '企业', university: '高校/院所' } as const;
