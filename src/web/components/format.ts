/** How dates, money and lists read on the pages (Beijing time, 万元, Chinese list commas). */
import { DOMAIN_NAMES, type DomainCode } from '../../domain/taxonomy.js';

const DAY = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const MINUTE = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** '2026-11-30' for an instant or a date string; '—' for none. */
export const formatDay = (d: string | Date | null | undefined) =>
  d ? DAY.format(new Date(d)).replaceAll('/', '-') : '—';
export const formatTime = (d: string | Date | null | undefined) =>
  d ? MINUTE.format(new Date(d)).replaceAll('/', '-') : '—';
export const formatWan = (n: number | null | undefined) => (n === null || n === undefined ? '面议' : `${n} 万元`);
export const domainNames = (codes: readonly string[]) =>
  codes.map((c) => DOMAIN_NAMES[c as DomainCode] ?? c).join('、') || '—';
export const joinList = (items: readonly string[] | null | undefined) => (items?.length ? items.join('、') : '—');
