/** The series the charts draw beyond the summary: contacts per month and agreements per type with amounts. */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/tables.js';
import { AGREEMENT_TYPE_LABELS, AGREEMENT_TYPES } from '../../domain/agreements.js';
import { bounds } from './figures.js';
import * as repo from './repository.js';

/** Months of the period (YYYY-MM), in order. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const ym = `${y}-${String(m).padStart(2, '0')}`;
    out.push(ym);
    if (ym >= last || out.length > 240) return out;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

/** Contacts per Beijing month of the period (months without any read 0). */
export async function contactsPerMonth(db: Kysely<Database>, from: string, to: string) {
  const p = bounds(from, to);
  const month = sql<string>`to_char(${sql.ref('contacts.occurredAt')} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  const rows = await db
    .selectFrom('contacts')
    .where('contacts.deletedAt', 'is', null)
    .where('contacts.occurredAt', '>=', p.start)
    .where('contacts.occurredAt', '<', p.end)
    .select([month.as('month'), sql<number>`count(*)::int`.as('n')])
    .groupBy(month)
    .execute();
  const byMonth = new Map(rows.map((r) => [r.month, r.n]));
  return monthsOf(from, to).map((m) => ({ month: m, value: byMonth.get(m) ?? 0 }));
}

/** Agreements signed in the period: count and amount (万元) per type. */
export async function agreementsByType(db: Kysely<Database>, from: string, to: string) {
  const rows = await repo.agreementsSigned(db, bounds(from, to));
  return AGREEMENT_TYPES.map((t) => {
    const of = rows.filter((r) => r.type === t);
    const amount = Math.round(of.reduce((sum, r) => sum + (r.amountWan ?? 0), 0) * 100) / 100;
    return { name: AGREEMENT_TYPE_LABELS[t], count: of.length, amount };
  });
}
