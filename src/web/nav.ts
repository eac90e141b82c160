/**
 * The top navigation for each role. Page builders add their entries here; `match` is the path
 * prefix that marks an entry as the current page (aria-current).
 */
import type { Role } from '../db/tables.js';

export interface NavItem {
  label: string;
  href: string;
  match?: string;
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
  bureau: [{ label: '工作台', href: '/bureau' }],
};

/** Where each role starts after signing in (and where `/` sends them). */
export const HOME: Record<Role, string> = {
  enterprise: '/enterprise/problems',
  university: '/university/needs',
  bureau: '/bureau',
};

export const isCurrent = (item: NavItem, path: string) => {
  const prefix = item.match ?? item.href;
  return path === prefix || path.startsWith(`${prefix}/`);
};
