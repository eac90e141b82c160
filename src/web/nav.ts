/**
 * The top navigation for each role. Page builders add their entries here; `match` is the path
 * prefix that marks an entry as the current page (aria-current).
 */
import type { Role } from '../db/tables.js';

export interface NavItem {
  label: string;
  href: string;
  match?: string | string[];
  /** Current only on exactly `href` (a start page whose sub-pages have their own entries). */
  exact?: boolean;
}

export const NAV: Record<Role, NavItem[]> = {
  enterprise: [
    { label: '我的难题', href: '/enterprise/problems', match: '/enterprise/problems' },
    { label: '企业信息', href: '/enterprise/profile' },
  ],
  university: [
    { label: '需求大厅', href: '/university/needs' },
    { label: '我的实验室', href: '/university/labs' },
    { label: '引荐', href: '/university/introductions' },
  ],
  // Issue 11's workbench: 工作台 … 待跟进 (workbench-a), 协议 … 导入 (workbench-b).
  bureau: [
    { label: '工作台', href: '/bureau', exact: true },
    { label: '审核', href: '/bureau/review' },
    { label: '看板', href: '/bureau/pipeline', match: ['/bureau/pipeline', '/bureau/problems'] },
    { label: '待跟进', href: '/bureau/follow-ups' },
    { label: '合作协议', href: '/bureau/agreements' },
    { label: '共建中心', href: '/bureau/centres' },
    { label: '名录', href: '/bureau/directory' },
    { label: '半年报', href: '/bureau/reports' },
    { label: '导入', href: '/bureau/imports' },
  ],
};

/** Where each role starts after signing in (and where `/` sends them). */
export const HOME: Record<Role, string> = {
  enterprise: '/enterprise/problems',
  university: '/university/needs',
  bureau: '/bureau',
};

export const isCurrent = (item: NavItem, path: string) => {
  if (item.exact) return path === item.href;
  const prefixes = [item.match ?? item.href].flat();
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
};
