/** 工作总结统计: the period rules (default half-year, previous comparable period), growth rates and figure details. */
import { halfYearOf, previousPeriod, shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../http/errors.js';
import { computeFigures, SECTIONS } from './figures.js';
import type { PeriodInput, SummaryView } from './schemas.js';

const SECTION_LABELS: Record<string, string> = Object.fromEntries(SECTIONS.map((s) => [s.key, s.label]));

export const growthRate = (value: number, previous: number | null) =>
  previous ? Math.round(((value - previous) / previous) * 10000) / 10000 : null;

export function reportService(deps: AppDeps) {
  const { db } = deps;

  function period(input: PeriodInput): { from: string; to: string } {
    if (!input.from && !input.to) return halfYearOf(shanghaiToday(deps.now()));
    if (!input.from || !input.to)
      throw new ApiError('invalid_request', 'from 与 to 须同时给出', [
        { path: `query.${input.from ? 'to' : 'from'}`, message: '须与另一端同时给出' },
      ]);
    if (input.from > input.to)
      throw new ApiError('invalid_request', '起始日期不能晚于截止日期', [
        { path: 'query.from', message: '不能晚于 to' },
      ]);
    return { from: input.from, to: input.to };
  }

  return {
    period,

    async summary(input: PeriodInput): Promise<SummaryView> {
      const current = period(input);
      const prev = previousPeriod(current.from, current.to);
      const [now, before] = await Promise.all([
        computeFigures(db, current.from, current.to, deps.now()),
        computeFigures(db, prev.from, prev.to, deps.now()),
      ]);
      return {
        period: current,
        previousPeriod: prev,
        figures: now.map((f, i) => {
          const previous = f.periodBound ? before[i]!.value : null;
          return {
            key: f.key,
            section: f.section,
            sectionLabel: SECTION_LABELS[f.section]!,
            label: f.label,
            unit: f.unit,
            value: f.value,
            previous,
            growth: growthRate(f.value, previous),
          };
        }),
      };
    },

    async detail(input: PeriodInput, key: string, of: 'current' | 'previous' = 'current') {
      const chosen = period(input);
      const current = of === 'previous' ? previousPeriod(chosen.from, chosen.to) : chosen;
      const figure = (await computeFigures(db, current.from, current.to, deps.now(), key)).find((f) => f.key === key);
      if (!figure)
        throw new ApiError('invalid_request', `没有这个指标：${key}`, [
          { path: 'query.detail', message: '指标键无效' },
        ]);
      return { key, label: figure.label, unit: figure.unit, value: figure.value, period: current, items: figure.items };
    },
  };
}
