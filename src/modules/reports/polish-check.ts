/**
 * 润色稿核对: a polished paragraph may change wording only. Its numbers — Arabic numbers and
 * percentages, and Chinese numerals used as a count (“三项”“两家”“百分之二十”) — must be the
 * draft's, as a multiset; “（暂无数据）” and the leading “一、” must stay. Returns the reason a
 * paragraph is rejected, or null.
 *
 * Deliberately simple: Chinese numerals count only when a measure word follows (or as 百分之…), so
 * “统一”“进一步” pass while “一次性”“一个” are rejected — a false rejection only keeps the template
 * text. It compares numbers, not meaning: “增长” turned into “下降” with the same number passes.
 */
import { WORDS } from './templates.js';

const CN_DIGITS = '零〇一二两三四五六七八九十百千万亿';
const ARABIC = /\d+(?:,\d{3})*(?:\.\d+)?\s*%?/g;
const CN_COUNT = new RegExp(
  `百分之[${CN_DIGITS}点]+|(?<![\\d.${CN_DIGITS}])[${CN_DIGITS}]+[余多]?(?=[项家次个所名位件份条批类倍成番])`,
  'g',
);
const HEADING = /^[一二三四五六七八九十]+、/;

/** Full-width digits, point and percent sign as ASCII, so “３％” reads as 3%. */
const halfWidth = (s: string) => s.replace(/[０-９．％]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

/** The numbers of a text, each written canonically: “70.50” → “70.5”, “1,200” → “1200”, “25 %” → “25%”, “三项” → “三项”. */
export function numbersIn(text: string): string[] {
  const t = halfWidth(text);
  const arabic = [...t.matchAll(ARABIC)].map(
    ([m]) => `${Number(m.replace(/[,%\s]/g, ''))}${m.endsWith('%') ? '%' : ''}`,
  );
  const chinese = [...t.matchAll(CN_COUNT)].map(([m]) => m);
  return [...arabic, ...chinese];
}

/** a − b as multisets. */
function minus(a: string[], b: string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

const count = (text: string, word: string) => text.split(word).length - 1;

export function checkPolished(draft: string, polished: string): string | null {
  const [had, has] = [numbersIn(draft), numbersIn(polished)];
  const added = minus(has, had);
  const removed = minus(had, has);
  if (added.length || removed.length) {
    const parts = [
      added.length ? `多出 ${added.join('、')}` : '',
      removed.length ? `缺少 ${removed.join('、')}` : '',
    ].filter(Boolean);
    return `润色稿的数字与草稿不一致（${parts.join('；')}）`;
  }
  if (count(polished, WORDS.unknown) !== count(draft, WORDS.unknown)) return `润色稿未原样保留“${WORDS.unknown}”`;
  const heading = HEADING.exec(draft)?.[0];
  if (heading && !polished.startsWith(heading)) return `润色稿未以段首序号“${heading}”开头`;
  return null;
}
