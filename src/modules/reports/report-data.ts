/**
 * One period's report, computed once: the summary (this and the previous period), the series the
 * charts need beyond it, and the figures entered by hand. The 半年报 page and its five chart <img>
 * routes used to recompute the summary for each request; they now share one computation, kept for
 * a short while under the period and the data version (the newest audit row: every write — records,
 * imports, entered figures — writes one in its transaction). A write therefore changes the key and
 * the next request recomputes; the short lifetime bounds the one window the key cannot see (a
 * transaction that commits after a later one, its audit id below the newest).
 */
import { shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { agreementsByType, contactsPerMonth } from './chart-series.js';
import { enteredView } from './entered.js';
import type { EnteredView } from './entered-schemas.js';
import { dataVersion } from './repository.js';
import type { PeriodInput, SummaryView } from './schemas.js';
import type { reportService } from './service.js';

export interface ReportData {
  summary: SummaryView;
  contactsPerMonth: { month: string; value: number }[];
  agreementsByType: { name: string; count: number; amount: number }[];
  /** The figures the bureau entered for this very period (专利, 项目资金, …). */
  entered: EnteredView;
}

const LIFETIME_MS = 30_000;
const MAX_ENTRIES = 32;

export function reportDataCache(deps: AppDeps, svc: ReturnType<typeof reportService>) {
  const entries = new Map<string, { at: number; data: Promise<ReportData> }>();

  async function compute(period: { from: string; to: string }): Promise<ReportData> {
    const [summary, perMonth, byType, entered] = await Promise.all([
      svc.summary(period),
      contactsPerMonth(deps.db, period.from, period.to),
      agreementsByType(deps.db, period.from, period.to),
      enteredView(deps.db, period),
    ]);
    return { summary, contactsPerMonth: perMonth, agreementsByType: byType, entered };
  }

  return {
    async get(input: PeriodInput): Promise<ReportData> {
      const period = svc.period(input);
      const version = await dataVersion(deps.db);
      const key = `${period.from}|${period.to}|${version}|${shanghaiToday(deps.now())}`;
      const now = Date.now();
      for (const [k, e] of entries) if (now - e.at > LIFETIME_MS) entries.delete(k);
      let entry = entries.get(key);
      if (!entry) {
        entry = { at: now, data: compute(period) };
        entries.set(key, entry);
        // A failed computation is not kept; the oldest entry goes when the map is full.
        entry.data.catch(() => entries.delete(key));
        if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      }
      return entry.data;
    },
    clear: () => entries.clear(),
  };
}
