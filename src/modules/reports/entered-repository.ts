/** 填报指标: queries only — a period's rows (newest first), its change count, appending rows. */
import { type Kysely, sql } from 'kysely';
import type { Tx } from '../../db/changes.js';
import type { Database } from '../../db/tables.js';

export interface Period {
  from: string;
  to: string;
}

/** Every row of the period, newest first: the first row of a key is its value in force. */
export function rowsOf(db: Kysely<Database>, p: Period) {
  return db
    .selectFrom('reportEnteredFigures')
    .selectAll()
    .where('periodFrom', '=', p.from)
    .where('periodTo', '=', p.to)
    .orderBy('id', 'desc')
    .execute();
}

/** Serialises writers of one period within the transaction (the version check then holds). */
export async function lockPeriod(tx: Tx, p: Period): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`report_entered_figures:${p.from}:${p.to}`}, 0))`.execute(
    tx,
  );
}

export async function countOf(tx: Tx, p: Period): Promise<number> {
  const row = await tx
    .selectFrom('reportEnteredFigures')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('periodFrom', '=', p.from)
    .where('periodTo', '=', p.to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function append(
  tx: Tx,
  rows: {
    periodFrom: string;
    periodTo: string;
    key: string;
    value: number | null;
    source: string | null;
    sourceDate: string | null;
    enteredByUserId: string | null;
    enteredByName: string;
  }[],
) {
  return tx.insertInto('reportEnteredFigures').values(rows).execute();
}
