/** How findable a lab profile is: a share of the things matching and search use, and what to add next. */
import type { LabView } from '../../modules/labs/schemas.js';

interface Check {
  ok: (l: LabView) => boolean;
  hint: string;
}

const CHECKS: Check[] = [
  { ok: (l) => l.domains.length > 0, hint: '选择技术领域：高校需求按领域筛选与匹配。' },
  { ok: (l) => l.keywords.length >= 3, hint: '至少填写 3 个关键词（技术名称、方法、设备），匹配靠关键词命中。' },
  {
    ok: (l) => l.summary.replace(/\s/g, '').length >= 80,
    hint: '简介写到 80 字以上：研究方向、能解决的问题、服务过的行业。',
  },
  { ok: (l) => l.equipment.length > 0, hint: '列出主要设备与平台，企业常按设备找实验室。' },
  { ok: (l) => l.achievements.length > 0, hint: '列出代表性成果（专利、项目、产业化案例），提高企业信任。' },
  { ok: (l) => Boolean(l.leader), hint: '填写负责人。' },
  {
    ok: (l) => Boolean(l.contactName && (l.contactPhone || l.contactEmail)),
    hint: '填写联系人和电话或邮箱，引荐后企业据此联系您。',
  },
];

export function completeness(lab: LabView): { percent: number; missing: string[] } {
  const missing = CHECKS.filter((c) => !c.ok(lab)).map((c) => c.hint);
  return { percent: Math.round(((CHECKS.length - missing.length) / CHECKS.length) * 100), missing };
}
