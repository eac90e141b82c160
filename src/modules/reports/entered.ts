/**
 * 填报指标 (figures the platform does not record): read a period's figures with their history, and
 * save changes — only the figures whose value, source or date differ, each as a new row with an
 * audit row in the same transaction, after checking the period's version (its count of changes).
 */
import type { ChangeContext } from '../../db/changes.js';
import { recordChanges } from '../../db/changes.js';
import { ENTERED_FIGURES, enteredFigure } from '../../domain/entered-figures.js';
import { shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { ApiError } from '../../http/errors.js';
import type { Database } from '../../db/tables.js';
import type { Kysely, Selectable } from 'kysely';
import type { ReportEnteredFigureTable } from '../../db/tables.js';
import * as repo from './entered-repository.js';
import type { EnteredFiguresUpdate, EnteredValue, EnteredView } from './entered-schemas.js';

type Row = Selectable<ReportEnteredFigureTable>;

const valueOf = (key: string, row: Row | undefined): EnteredValue => {
  const f = enteredFigure(key)!;
  return {
    key,
    label: f.label,
    unit: f.unit,
    value: row?.value ?? null,
    source: row?.source ?? null,
    sourceDate: row?.sourceDate ?? null,
    enteredBy: row?.enteredByName ?? null,
    enteredAt: row ? row.enteredAt.toISOString() : null,
  };
};

/** A period's entered figures (every key, null when never entered or cleared) and their history. */
export async function enteredView(db: Kysely<Database>, period: repo.Period): Promise<EnteredView> {
  const rows = await repo.rowsOf(db, period);
  const current = new Map<string, Row>();
  for (const r of rows) if (!current.has(r.key)) current.set(r.key, r);
  return {
    period,
    version: rows.length,
    figures: ENTERED_FIGURES.map((f) => valueOf(f.key, current.get(f.key))),
    history: rows.filter((r) => enteredFigure(r.key)).map((r) => valueOf(r.key, r)),
  };
}

export function enteredFiguresService(deps: AppDeps) {
  return {
    view: (period: repo.Period) => enteredView(deps.db, period),

    async save(ctx: ChangeContext, period: repo.Period, update: EnteredFiguresUpdate): Promise<EnteredView> {
      const today = shanghaiToday(deps.now());
      const late = Object.entries(update.figures).filter(([, v]) => v && v.sourceDate > today);
      if (late.length)
        throw new ApiError(
          'validation_failed',
          '数据日期不能晚于今天',
          late.map(([key]) => ({ path: `figures.${key}.sourceDate`, message: '日期不能晚于今天' })),
        );
      await deps.db.transaction().execute(async (tx) => {
        await repo.lockPeriod(tx, period);
        if ((await repo.countOf(tx, period)) !== update.version)
          throw new ApiError('version_conflict', '本期的填报已被他人修改，请刷新后重试');
        const before = await enteredView(tx, period);
        const changed = before.figures.flatMap((old) => {
          const next = update.figures[old.key];
          if (next === undefined) return [];
          const after = next
            ? { value: next.value, source: next.source, sourceDate: next.sourceDate }
            : { value: null, source: null, sourceDate: null };
          const same = after.value === old.value && after.source === old.source && after.sourceDate === old.sourceDate;
          return same ? [] : [{ key: old.key, before: old, after }];
        });
        if (!changed.length) return;
        await repo.append(
          tx,
          changed.map((c) => ({
            periodFrom: period.from,
            periodTo: period.to,
            key: c.key,
            ...c.after,
            enteredByUserId: ctx.actor.userId,
            enteredByName: ctx.actor.name,
          })),
        );
        await recordChanges(
          tx,
          ctx,
          changed.map((c) => ({
            entity: 'report_entered_figure',
            entityId: `${period.from}..${period.to}:${c.key}`,
            action: c.before.value === null ? 'create' : c.after.value === null ? 'delete' : 'update',
            before:
              c.before.value === null
                ? undefined
                : { value: c.before.value, source: c.before.source, sourceDate: c.before.sourceDate },
            after: c.after.value === null ? undefined : c.after,
          })),
        );
      });
      return enteredView(deps.db, period);
    },
  };
}
