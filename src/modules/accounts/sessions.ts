/**
 * Browser sessions, kept in the database: the cookie holds a random secret, the table only its
 * SHA-256. A session ends on sign-out, after 8 hours without a request, 7 days after sign-in,
 * or when its user is disabled or sets a new password through an activation link.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import { hashToken } from '../../auth/tokens.js';
import type { Database } from '../../db/tables.js';

export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so a busy page does not write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

type Db = Kysely<Database>;

export interface SessionView {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface ActiveSession {
  session: SessionView;
  actor: Actor;
  /** The cookie's secret, from which the page derives its CSRF token. */
  secret: string;
}

export async function startSession(
  db: Db,
  userId: string,
  now: Date,
  client: { ip: string | null; userAgent: string | null },
) {
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      tokenHash: hashToken(secret),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      endedAt: null,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return secret;
}

/** The live session behind a cookie secret, or undefined; touches last_seen_at. */
export async function findSession(db: Db, secret: string, now: Date): Promise<ActiveSession | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'sessions.id',
      'sessions.createdAt',
      'sessions.lastSeenAt',
      'sessions.expiresAt',
      'sessions.ip',
      'sessions.userAgent',
      'users.id as userId',
      'users.name',
      'users.role',
      'users.enterpriseId',
      'users.universityId',
    ])
    .where('sessions.tokenHash', '=', hashToken(secret))
    .where('sessions.endedAt', 'is', null)
    .where('users.disabledAt', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const t = now.getTime();
  if (t >= row.expiresAt.getTime() || t - row.lastSeenAt.getTime() >= SESSION_IDLE_MS) {
    await db
      .updateTable('sessions')
      .set({ endedAt: now })
      .where('id', '=', row.id)
      .where('endedAt', 'is', null)
      .execute();
    return undefined;
  }
  let lastSeenAt = row.lastSeenAt;
  if (t - lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    lastSeenAt = now;
    await db.updateTable('sessions').set({ lastSeenAt: now }).where('id', '=', row.id).execute();
  }
  return {
    secret,
    session: {
      id: row.id,
      createdAt: row.createdAt,
      lastSeenAt,
      expiresAt: row.expiresAt,
      ip: row.ip,
      userAgent: row.userAgent,
    },
    actor: {
      userId: row.userId,
      name: row.name,
      role: row.role,
      enterpriseId: row.enterpriseId,
      universityId: row.universityId,
    },
  };
}

/** The user's live sessions, newest first (expired ones are left out). */
export async function listSessions(db: Db, userId: string, now: Date): Promise<SessionView[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'createdAt', 'lastSeenAt', 'expiresAt', 'ip', 'userAgent'])
    .where('userId', '=', userId)
    .where('endedAt', 'is', null)
    .where('expiresAt', '>', now)
    .where('lastSeenAt', '>', new Date(now.getTime() - SESSION_IDLE_MS))
    .orderBy('lastSeenAt', 'desc')
    .execute();
  return rows;
}

export async function endSession(db: Db | Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ endedAt: now }).where('id', '=', id).where('endedAt', 'is', null).execute();
}

/** Ends every live session of a user, or every one but `except`. Returns how many ended. */
export async function endUserSessions(db: Db, userId: string, now: Date, except?: string): Promise<number> {
  let q = db.updateTable('sessions').set({ endedAt: now }).where('userId', '=', userId).where('endedAt', 'is', null);
  if (except) q = q.where('id', '!=', except);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
