/** 工作总结草稿: fills the templates with computed figures only; what is not computed is written as unknown. */
import { EMPTY_SECTIONS, PARAGRAPHS, PERIOD_NAMES, TITLE, WORDS } from './templates.js';
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

export function draftNarrative(summary: SummaryView) {
  const byKey = new Map(summary.figures.map((f) => [f.key, f]));
  const used: Record<string, number | null> = {};
  const missing = new Set<string>();

  const render = (kind: string, key: string): string => {
    if (kind === 'list') {
      const parts = summary.figures
        .filter((f) => f.key.startsWith(`${key}.`) && f.value > 0)
        .map((f) => {
          used[f.key] = f.value;
          return `${f.label.split('·').pop()}${f.value}${f.unit}`;
        });
      return parts.length ? parts.join(WORDS.listSeparator) : WORDS.none;
    }
    const f = byKey.get(key);
    if (!f) {
      missing.add(key);
      used[key] = null;
      return kind === 'n' ? WORDS.unknown : '';
    }
    if (kind === 'n') {
      used[key] = f.value;
      return `${f.value}${f.unit}`;
    }
    // change
    if (f.previous === null) return '';
    if (f.growth === null) return f.value > 0 ? WORDS.fromZero : '';
    used[`growth:${key}`] = f.growth === 0 ? 0 : percent(f.growth);
    if (f.growth === 0) return WORDS.flat;
    return (f.growth > 0 ? WORDS.up : WORDS.down).replace('{pct}', String(percent(f.growth)));
  };
  const fill = (template: string) =>
    template.replace(/\{(n|change|list):([\w.]+)\}/g, (_, kind: string, key: string) => render(kind, key));

  return {
    title: TITLE.replace('{period}', periodName(summary.period)),
    period: summary.period,
    paragraphs: PARAGRAPHS.map((template, i) => {
      const empty = EMPTY_SECTIONS[i];
      if (empty && empty.when.every((key) => byKey.get(key)?.value === 0)) {
        for (const key of empty.when) used[key] = 0;
        return empty.text;
      }
      return fill(template);
    }),
    figures: used,
    missing: [...missing],
  };
}
