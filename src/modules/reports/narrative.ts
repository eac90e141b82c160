/** 工作总结草稿: fills the templates with computed figures only; what is not computed is written as unknown. */
import { PARAGRAPHS, PERIOD_NAMES, TITLE, WORDS } from './templates.js';
import type { SummaryView } from './schemas.js';


function periodName({ from, to }: { from: string; to: string }): string {
  const year = from.slice(0, 4);
  const sameYear = to.slice(0, 4) === year;
  const name = !sameYear ? PERIOD_NAMES.other
    : from.endsWith('-01-01') && to.endsWith('-06-30') ? PERIOD_NAMES.firstHalf
    : from.endsWith('-07-01') && to.endsWith('-12-31') ? PERIOD_NAMES.secondHalf
    : from.endsWith('-01-01') && to.endsWith('-12-31') ? PERIOD_NAMES.year
    : PERIOD_NAMES.other;
  return name.replace('{year}', year).replace('{from}', from).replace('{to}', to);
}

export const percent = (growth: number) => Math.round(Math.abs(growth) * 1000) / 10;

export function draftNarrative(summary: SummaryView) {
  const byKey = new Map(summary.figures.map((f) => [f.key, f]));
  const used: Record<string, number | null> = {};
  const missing = new Set<string>();

  const render = (kind: string, key: string): string => {
    if (kind === 'list') {
      const parts = summary.figures.filter((f) => f.key.startsWith(`${key}.`) && f.value > 0).map((f) => {
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
  const fill = (template: string) => template.replace(/\{(n|change|list):([\w.]+)\}/g, (_, kind: string, key: string) => render(kind, key));

  return {
    title: TITLE.replace('{period}', periodName(summary.period)),
    period: summary.period,
    paragraphs: PARAGRAPHS.map(fill),
    figures: used,
    missing: [...missing],
  };
}
