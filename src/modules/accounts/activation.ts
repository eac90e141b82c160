/**
 * One-time activation links: the bureau issues one per user (on creation, or later to reset a
 * forgotten password); it is valid 72 hours, shown once, stored hashed, and a newer link
 * replaces any older unused one. Opening it lets the user choose a login name and password.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashToken } from '../../auth/tokens.js';
import type { Database } from '../../db/tables.js';

export const ACTIVATION_TTL_MS = 72 * 60 * 60 * 1000;
export const ACTIVATION_PATH = '/activate/';

type Db = Kysely<Database>;

export async function issueActivationLink(db: Db, userId: string, now: Date, createdBy: string | null) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
  await db
    .updateTable('activationLinks')
    .set({ usedAt: now })
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .execute();
  await db
    .insertInto('activationLinks')
    .values({ userId, tokenHash: hashToken(token), expiresAt, usedAt: null, createdBy, createdAt: now })
    .execute();
  return { token, path: `${ACTIVATION_PATH}${token}`, expiresAt };
}

/** The live link behind a token and its user (not disabled), or undefined. */
export async function findActivationLink(db: Db, token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return db
    .selectFrom('activationLinks')
    .innerJoin('users', 'users.id', 'activationLinks.userId')
    .select([
      'activationLinks.id',
      'activationLinks.expiresAt',
      'users.id as userId',
      'users.name',
      'users.role',
      'users.loginName',
    ])
    .where('activationLinks.tokenHash', '=', hashToken(token))
    .where('activationLinks.usedAt', 'is', null)
    .where('activationLinks.expiresAt', '>', now)
    .where('users.disabledAt', 'is', null)
    .executeTakeFirst();
}
