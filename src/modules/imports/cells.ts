/**
 * 单元格 → API 字段值: what a spreadsheet cell may hold (text, numbers, Excel dates, lists written
 * with 、 or ；, Chinese labels for codes) turned into the value the resource's zod schema checks.
 * A cell that cannot be read gives a message naming what was found; an empty cell gives nothing.
 */
import { DOMAINS } from '../../domain/taxonomy.js';
import { DATE_MAX, DATE_MIN } from '../../http/schemas.js';

export type Parsed = { value: unknown } | { error: string } | undefined;
export type CellParser = (cell: unknown) => Parsed;

const isEmpty = (cell: unknown) =>
  cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

export function cellText(cell: unknown): string {
  if (cell instanceof Date) return isoDate(cell);
  return String(cell).trim();
}

export const text: CellParser = (cell) => (isEmpty(cell) ? undefined : { value: cellText(cell) });

/**
 * A code that must be text (统一社会信用代码): Excel turns an all-digit code typed into a number
 * cell into a rounded number, which no longer holds the code.
 */
export const code: CellParser = (cell) => {
  if (typeof cell === 'number')
    return { error: `该单元格被 Excel 存成了数字（${cell}），代码可能已被截断；请把该列设为“文本”格式后重新填写` };
  return text(cell);
};

export const number: CellParser = (cell) => {
  if (isEmpty(cell)) return undefined;
  if (typeof cell === 'number') return { value: cell };
  const raw = cellText(cell)
    .replace(/[,，\s]/g, '')
    .replace(/(万元|万|元)$/, '');
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? { value: n } : { error: `应为数字，实际为“${cellText(cell)}”` };
};

export const integer: CellParser = (cell) => {
  const parsed = number(cell);
  return parsed && 'value' in parsed && !Number.isInteger(parsed.value)
    ? { error: `应为整数，实际为“${cellText(cell)}”` }
    : parsed;
};

/** Dates as Excel writes them (date cells, serial numbers) or as people type them: 2024-3-5, 2024/3/5, 2024.3.5, 2024年3月5日. */
export const date: CellParser = (cell) => {
  if (isEmpty(cell)) return undefined;
  if (cell instanceof Date) return { value: isoDate(cell) };
  if (typeof cell === 'number' && cell > 0 && cell < 200_000)
    return { value: isoDate(new Date(EXCEL_EPOCH + Math.round(cell) * 86_400_000)) };
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(cellText(cell));
  if (!m) return { error: `日期格式无法识别：“${cellText(cell)}”，请写作 2024-03-05` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Date.UTC reads years 0–99 as 1900–1999; the API's range is checked here before that can happen.
  if (y < 1900 || y > 2100) return { error: `日期须在 ${DATE_MIN} 至 ${DATE_MAX} 之间，实际为“${cellText(cell)}”` };
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return { error: `日期不存在：“${cellText(cell)}”` };
  return { value: isoDate(dt) };
};

/** A list in one cell; keywords may be split by commas too, longer items (成果) only by 、；; or new lines. */
export const list =
  (separators: RegExp = /[、,，;；\n|]+/): CellParser =>
  (cell) => {
    if (isEmpty(cell)) return undefined;
    return {
      value: cellText(cell)
        .split(separators)
        .map((s) => s.trim())
        .filter(Boolean),
    };
  };

export const longList = list(/[、;；\n]+/);

const DOMAIN_BY_NAME = new Map<string, string>();
for (const d of DOMAINS) {
  DOMAIN_BY_NAME.set(d.code, d.code);
  DOMAIN_BY_NAME.set(d.name, d.code);
}
// Names people write for the fields in the 技术需求征集表.
for (const [alias, code] of Object.entries({
  生物医药: 'biomed',
  新医药: 'biomed',
  航空航天技术: 'aerospace',
  新材料技术: 'new_materials',
  新能源: 'new_energy',
  节能环保: 'new_energy',
  资源环境: 'resources_environment',
  先进制造: 'advanced_manufacturing',
  智能制造: 'advanced_manufacturing',
  高端装备制造: 'advanced_manufacturing',
  现代农业: 'modern_agriculture',
  农业: 'modern_agriculture',
  信息技术: 'electronic_info',
  新一代信息技术: 'electronic_info',
}))
  DOMAIN_BY_NAME.set(alias, code);

export const domains: CellParser = (cell) => {
  const parsed = list()(cell);
  if (!parsed || !('value' in parsed)) return parsed;
  const names = parsed.value as string[];
  const unknown = names.filter((n) => !DOMAIN_BY_NAME.has(n.replace(/领域$/, '')));
  if (unknown.length)
    return { error: `无法识别的技术领域：${unknown.join('、')}（可填：${DOMAINS.map((d) => d.name).join('、')}）` };
  return { value: [...new Set(names.map((n) => DOMAIN_BY_NAME.get(n.replace(/领域$/, ''))!))] };
};

/** A code written as its code or one of its Chinese labels. */
export const choice =
  (labels: Record<string, readonly string[]>): CellParser =>
  (cell) => {
    if (isEmpty(cell)) return undefined;
    const t = cellText(cell);
    for (const [code, names] of Object.entries(labels))
      if (code === t.toLowerCase() || names.includes(t)) return { value: code };
    return {
      error: `“${t}”无效，可填：${Object.values(labels)
        .map((n) => n[0])
        .join('、')}`,
    };
  };
