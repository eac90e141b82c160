/** Who is calling: resolved from the bearer token by the auth middleware. */
import type { Role } from '../db/tables.js';

export interface Actor {
  /** null for the ADMIN_TOKEN bearer, which is a bureau token without a user row. */
  userId: string | null;
  name: string;
  role: Role;
  enterpriseId: string | null;
  universityId: string | null;
}

export const ROLE_LABELS: Record<Role, string> = {
  bureau: '区科技局',
  university: '高校/院所联络员',
  enterprise: '企业用户',
};

export const ALL_ROLES: readonly Role[] = ['bureau', 'university', 'enterprise'];

/** Key under which an actor's idempotency keys and audit rows are filed. */
export const actorKey = (a: Actor) => a.userId ?? 'admin';
