/** Audit rows for sign-in events (sign-in, failure, lock, sign-out), beside the record changes. */
import type { Kysely } from 'kysely';
import type { AuditAction, Database } from '../../db/tables.js';

export interface SignInEvent {
  action: Extract<AuditAction, 'sign_in' | 'sign_in_failed' | 'account_locked' | 'sign_out'>;
  /** The user, when the login name belongs to one. */
  user?: { id: string; name: string };
  /** The login name tried (normalised), so failures for names that do not exist are traceable too. */
  loginKey: string;
  ip: string | null;
  reason?: string;
  requestId?: string;
}

export async function auditSignIn(db: Kysely<Database>, e: SignInEvent): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      actorUserId: e.user?.id ?? null,
      actorName: e.user?.name ?? '访客',
      action: e.action,
      entity: 'account',
      entityId: e.user?.id ?? `login:${e.loginKey}`,
      before: null,
      after: JSON.stringify({ loginName: e.loginKey, ip: e.ip, ...(e.reason ? { reason: e.reason } : {}) }),
      requestId: e.requestId ?? null,
    })
    .execute();
}
