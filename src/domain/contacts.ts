/** 对接记录: contact kinds with their Chinese labels (no imports, so any module may use them). */
export const CONTACT_KINDS = ['visit', 'meeting', 'call', 'event', 'online'] as const;
export type ContactKindCode = (typeof CONTACT_KINDS)[number];
export const CONTACT_KIND_LABELS: Record<ContactKindCode, string> = {
  visit: '上门服务',
  meeting: '座谈',
  call: '电话',
  event: '活动',
  online: '线上',
};
