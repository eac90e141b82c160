/**
 * 账户: signing in (with throttling and audit), activating an account through its one-time link,
 * changing the password. The pages call this; the API's user routes issue the links.
 */
import { sql } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { findActivationLink } from './activation.js';
import { auditSignIn } from './audit.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { endUserSessions, startSession } from './sessions.js';
import { addressWait, clearFailures, lockedUntil, recordFailure } from './throttle.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  requestId?: string;
}

export type SignInResult =
  | { ok: true; secret: string; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: Date }
  | { ok: false; reason: 'slow'; retryAfterSeconds: number };

export const loginKeyOf = (loginName: string) => loginName.trim().toLowerCase();

const recordCounts = (n: bigint | number) => Number(n);

export function accountService(deps: AppDeps) {
  const { db } = deps;

  return {
    async signIn(loginName: string, password: string, client: ClientInfo): Promise<SignInResult> {
      const now = deps.now();
      const loginKey = loginKeyOf(loginName);
      const ip = client.ip ?? 'unknown';
      const user = await db
        .selectFrom('users')
        .select(['id', 'name', 'passwordHash'])
        .where(sql`lower(login_name)`, '=', loginKey)
        .where('disabledAt', 'is', null)
        .executeTakeFirst();
      const who = user ? { id: user.id, name: user.name } : undefined;
      const audit = (action: 'sign_in' | 'sign_in_failed' | 'account_locked', reason?: string) =>
        auditSignIn(db, { action, user: who, loginKey, ip: client.ip, reason, requestId: client.requestId });

      const wait = await addressWait(db, ip, now);
      if (wait > 0) {
        await audit('sign_in_failed', 'address_slowed');
        return { ok: false, reason: 'slow', retryAfterSeconds: wait };
      }
      const locked = await lockedUntil(db, loginKey, now);
      if (locked) {
        await audit('sign_in_failed', 'locked');
        return { ok: false, reason: 'locked', until: locked };
      }
      // The same work whether or not the name exists, so timing does not tell either.
      const good = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
      if (!good || !user?.passwordHash) {
        await audit('sign_in_failed', 'bad_credentials');
        const lockedNow = await recordFailure(db, loginKey, ip, now);
        if (lockedNow) {
          await audit('account_locked');
          return { ok: false, reason: 'locked', until: lockedNow };
        }
        return { ok: false, reason: 'invalid' };
      }
      await clearFailures(db, loginKey, now);
      const secret = await startSession(db, user.id, now, client);
      await audit('sign_in');
      return { ok: true, secret, userId: user.id };
    },

    async signOut(actor: Actor, sessionId: string, client: ClientInfo) {
      await db
        .updateTable('sessions')
        .set({ endedAt: deps.now() })
        .where('id', '=', sessionId)
        .where('endedAt', 'is', null)
        .execute();
      await auditSignIn(db, {
        action: 'sign_out',
        user: { id: actor.userId!, name: actor.name },
        loginKey: '',
        ip: client.ip,
        requestId: client.requestId,
      });
    },

    /** Ends all the user's sessions (this one too). */
    async signOutEverywhere(actor: Actor, client: ClientInfo) {
      const n = await endUserSessions(db, actor.userId!, deps.now());
      await auditSignIn(db, {
        action: 'sign_out',
        user: { id: actor.userId!, name: actor.name },
        loginKey: '',
        ip: client.ip,
        reason: `all_sessions:${n}`,
        requestId: client.requestId,
      });
      return n;
    },

    activationLink: (token: string) => findActivationLink(db, token, deps.now()),

    /**
     * Sets the login name and password through a live link, uses the link up and ends the user's
     * sessions (a reset must lock out whoever knew the old password). Returns field errors, or null.
     */
    async activate(
      token: string,
      input: { loginName: string; password: string },
      client: ClientInfo,
    ): Promise<Record<string, string> | null> {
      const now = deps.now();
      const passwordHash = await hashPassword(input.password);
      return db.transaction().execute(async (tx): Promise<Record<string, string> | null> => {
        const link = await findActivationLink(tx, token, now);
        if (!link) return { _form: '激活链接无效、已使用或已过期，请联系区科技局重新签发。' };
        const taken = await tx
          .selectFrom('users')
          .select('id')
          .where(sql`lower(login_name)`, '=', loginKeyOf(input.loginName))
          .where('id', '!=', link.userId)
          .executeTakeFirst();
        if (taken) return { loginName: '这个登录名已被使用，请换一个' };
        const used = await tx
          .updateTable('activationLinks')
          .set({ usedAt: now })
          .where('id', '=', link.id)
          .where('usedAt', 'is', null)
          .executeTakeFirst();
        if (recordCounts(used.numUpdatedRows) !== 1) return { _form: '激活链接已被使用，请联系区科技局重新签发。' };
        await tx
          .updateTable('users')
          .set({ loginName: input.loginName.trim(), passwordHash, passwordChangedAt: now, updatedAt: now })
          .where('id', '=', link.userId)
          .execute();
        await endUserSessions(tx, link.userId, now);
        await tx
          .insertInto('auditLog')
          .values({
            actorUserId: link.userId,
            actorName: link.name,
            action: 'update',
            entity: 'user',
            entityId: link.userId,
            before: JSON.stringify({ loginName: link.loginName }),
            after: JSON.stringify({
              loginName: input.loginName.trim(),
              passwordChanged: true,
              via: 'activation_link',
              ip: client.ip,
            }),
            requestId: client.requestId ?? null,
          })
          .execute();
        return null;
      });
    },

    /** Checks the current password, sets the new one, ends the user's other sessions. Returns field errors, or null. */
    async changePassword(
      actor: Actor,
      sessionId: string,
      current: string,
      next: string,
      client: ClientInfo,
    ): Promise<Record<string, string> | null> {
      const user = await db
        .selectFrom('users')
        .select(['passwordHash', 'loginName'])
        .where('id', '=', actor.userId!)
        .executeTakeFirstOrThrow();
      if (!user.passwordHash || !(await verifyPassword(current, user.passwordHash)))
        return { currentPassword: '当前密码不正确' };
      if (user.loginName && next.toLowerCase().includes(user.loginName.toLowerCase()))
        return { newPassword: '密码不能包含登录名' };
      const now = deps.now();
      const passwordHash = await hashPassword(next);
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('users')
          .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
          .where('id', '=', actor.userId!)
          .execute();
        await endUserSessions(tx, actor.userId!, now, sessionId);
        await tx
          .insertInto('auditLog')
          .values({
            actorUserId: actor.userId,
            actorName: actor.name,
            action: 'update',
            entity: 'user',
            entityId: actor.userId!,
            before: null,
            after: JSON.stringify({ passwordChanged: true, ip: client.ip }),
            requestId: client.requestId ?? null,
          })
          .execute();
      });
      return null;
    },
  };
}
