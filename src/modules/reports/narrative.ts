/** 工作总结草稿: fills the templates with computed figures only; what is not computed is written as unknown. */
import { EMPTY_SECTIONS, PARAGRAPHS, PERIOD_NAMES, TITLE, WORDS } from './templates.js';
import type { EnteredValue } from './entered-schemas.js';
import type { SummaryView } from './schemas.js';

const isLastDay = (date: string) => {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000);
  return next.getUTCDate() === 1;
};

function periodName({ from, to }: { from: string; to: string }): string {
  const year = from.slice(0, 4);
  const toYear = to.slice(0, 4);
  const [fromMonth, toMonth] = [String(Number(from.slice(5, 7))), String(Number(to.slice(5, 7)))];
  const wholeMonths = from.endsWith('-01') && isLastDay(to);
  const name =
    toYear === year && from.endsWith('-01-01') && to.endsWith('-06-30')
      ? PERIOD_NAMES.firstHalf
      : toYear === year && from.endsWith('-07-01') && to.endsWith('-12-31')
        ? PERIOD_NAMES.secondHalf
        : toYear === year && from.endsWith('-01-01') && to.endsWith('-12-31')
          ? PERIOD_NAMES.year
          : !wholeMonths
            ? PERIOD_NAMES.other
            : from.slice(0, 7) === to.slice(0, 7)
              ? PERIOD_NAMES.month
              : toYear === year
                ? PERIOD_NAMES.months
                : PERIOD_NAMES.monthsAcrossYears;
  return name
    .replace('{year}', year)
    .replace('{toYear}', toYear)
    .replace('{month}', fromMonth)
    .replace('{fromMonth}', fromMonth)
    .replace('{toMonth}', toMonth)
    .replace('{from}', from)
    .replace('{to}', to);
}

export const percent = (growth: number) => Math.round(Math.abs(growth) * 1000) / 10;

/**
 * A number of the draft and where it came from: `records` (counted from the platform's records),
 * `entered` (entered by the bureau, with its source and date) or `derived` (computed from both).
 * The page highlights these; the text, the copy button and the .docx carry plain text only.
 */
export interface MarkedNumber {
  text: string;
  key: string;
  label: string;
  origin: 'records' | 'entered' | 'derived';
  note?: string;
}
export type Segment = string | MarkedNumber;

export const plainText = (segments: readonly Segment[]) =>
  segments.map((s) => (typeof s === 'string' ? s : s.text)).join('');

/** Entered figures by key (only those with a value are used). */
type Entered = readonly Pick<EnteredValue, 'key' | 'label' | 'unit' | 'value' | 'source' | 'sourceDate'>[];

export function draftNarrative(summary: SummaryView, entered: Entered = []) {
  const byKey = new Map(summary.figures.map((f) => [f.key, f]));
  const enteredByKey = new Map(entered.filter((e) => e.value !== null).map((e) => [e.key, e]));
  const used: Record<string, number | null> = {};
  const missing = new Set<string>();

  /** 占全市比重: the period-end certified count over the city's total as entered. */
  const cityShare = (): MarkedNumber | undefined => {
    const total = enteredByKey.get('highTech.cityTotal');
    const ours = byKey.get('highTech.certified');
    if (!total?.value || !ours) return undefined;
    const value = Math.round((ours.value / total.value) * 1000) / 10;
    used['highTech.cityShare'] = value;
    return {
      text: `${value}%`,
      key: 'highTech.cityShare',
      label: '占全市比重',
      origin: 'derived',
      note: `期末有效高新技术企业${ours.value}家 ÷ 全市${total.value}家（${total.source}，${total.sourceDate}）`,
    };
  };

  const render = (kind: string, key: string): Segment[] => {
    if (kind === 'list') {
      const parts = summary.figures
        .filter((f) => f.key.startsWith(`${key}.`) && f.value > 0)
        .flatMap((f, i): Segment[] => {
          used[f.key] = f.value;
          const name = f.label.split('·').pop()!;
          const mark: MarkedNumber = { text: `${f.value}${f.unit}`, key: f.key, label: f.label, origin: 'records' };
          return i ? [WORDS.listSeparator, name, mark] : [name, mark];
        });
      return parts.length ? parts : [WORDS.none];
    }
    const f = byKey.get(key);
    if (!f) {
      if (kind !== 'n') return [];
      const e = enteredByKey.get(key);
      if (e) {
        used[key] = e.value;
        const text = `${e.value}${e.unit}`;
        return [{ text, key, label: e.label, origin: 'entered', note: `来源：${e.source}，${e.sourceDate}` }];
      }
      const share = key === 'highTech.cityShare' ? cityShare() : undefined;
      if (share) return [share];
      missing.add(key);
      used[key] = null;
      return [WORDS.unknown];
    }
    if (kind === 'n') {
      used[key] = f.value;
      return [{ text: `${f.value}${f.unit}`, key, label: f.label, origin: 'records' }];
    }
    // change
    if (f.previous === null) return [];
    if (f.growth === null) return f.value > 0 ? [WORDS.fromZero] : [];
    used[`growth:${key}`] = f.growth === 0 ? 0 : percent(f.growth);
    if (f.growth === 0) return [WORDS.flat];
    const [before, after] = (f.growth > 0 ? WORDS.up : WORDS.down).split('{pct}%') as [string, string];
    const label = `${f.label}较上期${f.growth > 0 ? '增长' : '下降'}`;
    return [before, { text: `${percent(f.growth)}%`, key: `growth:${key}`, label, origin: 'records' }, after];
  };
  const fill = (template: string): Segment[] => {
    const out: Segment[] = [];
    let last = 0;
    for (const m of template.matchAll(/\{(n|change|list):([\w.]+)\}/g)) {
      out.push(template.slice(last, m.index), ...render(m[1]!, m[2]!));
      last = m.index + m[0].length;
    }
    out.push(template.slice(last));
    return out.filter((s) => s !== '');
  };

  const marked = PARAGRAPHS.map((template, i): Segment[] => {
    const empty = EMPTY_SECTIONS[i];
    if (empty && empty.when.every((key) => byKey.get(key)?.value === 0)) {
      for (const key of empty.when) used[key] = 0;
      return [empty.text];
    }
    return fill(template);
  });
  return {
    title: TITLE.replace('{period}', periodName(summary.period)),
    period: summary.period,
    paragraphs: marked.map(plainText),
    /** The same paragraphs with their numbers marked (for the page; not part of the API's answer). */
    marked,
    figures: used,
    missing: [...missing],
  };
}
