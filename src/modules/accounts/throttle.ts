/**
 * Sign-in throttling, kept in the database so every process agrees:
 * - 5 failures for one login name within 15 minutes lock that name for 15 minutes. Locks are by
 *   login name, not by user, so a name that does not exist locks the same way (no tell).
 * - 20 failures from one address within 15 minutes slow that address: each further attempt must
 *   wait 5 s more after its last failure (at most 60 s), without the password being checked.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_AFTER = 5;
export const LOCK_MS = 15 * 60 * 1000;
export const SLOW_ADDRESS_AFTER = 20;
const SLOW_STEP_S = 5;
const SLOW_MAX_S = 60;

type Db = Kysely<Database>;

/** Seconds this address must still wait, or 0. */
export async function addressWait(db: Db, ip: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('signInFailures')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('at').as('last')])
    .where('ip', '=', ip)
    .where('at', '>', new Date(now.getTime() - WINDOW_MS))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  if (n < SLOW_ADDRESS_AFTER || !row.last) return 0;
  const delayS = Math.min(SLOW_MAX_S, SLOW_STEP_S * (n - SLOW_ADDRESS_AFTER + 1));
  const waited = (now.getTime() - new Date(row.last).getTime()) / 1000;
  return waited >= delayS ? 0 : Math.ceil(delayS - waited);
}

/** When the login name's lock ends, if it is locked now. */
export async function lockedUntil(db: Db, loginKey: string, now: Date): Promise<Date | undefined> {
  const lock = await db
    .selectFrom('signInLocks')
    .select('lockedUntil')
    .where('loginKey', '=', loginKey)
    .executeTakeFirst();
  return lock && lock.lockedUntil > now ? lock.lockedUntil : undefined;
}

/** Records a failure; returns the lock's end when this failure locked the name. */
export async function recordFailure(db: Db, loginKey: string, ip: string, now: Date): Promise<Date | undefined> {
  await db.insertInto('signInFailures').values({ loginKey, ip, at: now }).execute();
  const { n } = await db
    .selectFrom('signInFailures')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('loginKey', '=', loginKey)
    .where('forgiven', '=', false)
    .where('at', '>', new Date(now.getTime() - WINDOW_MS))
    .executeTakeFirstOrThrow();
  if (Number(n) < LOCK_AFTER) return undefined;
  const until = new Date(now.getTime() + LOCK_MS);
  await db
    .insertInto('signInLocks')
    .values({ loginKey, lockedUntil: until })
    .onConflict((oc) => oc.column('loginKey').doUpdateSet({ lockedUntil: until }))
    .execute();
  await forgive(db, loginKey);
  return until;
}

/** The lock has paid for these failures (or a sign-in succeeded): they no longer count towards a lock. */
async function forgive(db: Db, loginKey: string) {
  await db
    .updateTable('signInFailures')
    .set({ forgiven: true })
    .where('loginKey', '=', loginKey)
    .where('forgiven', '=', false)
    .execute();
}

/** A successful sign-in forgives the name's earlier failures and prunes rows older than any window. */
export async function clearFailures(db: Db, loginKey: string, now: Date): Promise<void> {
  await forgive(db, loginKey);
  await db
    .deleteFrom('signInFailures')
    .where('at', '<', new Date(now.getTime() - 2 * WINDOW_MS))
    .execute();
  await db.deleteFrom('signInLocks').where('lockedUntil', '<', now).execute();
}
