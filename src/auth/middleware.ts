/**
 * Authentication (bearer token → Actor) and the per-route role gate.
 * Routes declare their roles through `defineRoute`, which installs `requireRoles`.
 */
import type { MiddlewareHandler } from 'hono';
import type { Role } from '../db/tables.js';
import { ApiError } from '../http/errors.js';
import type { AppDeps } from '../deps.js';
import type { AppEnv } from '../http/env.js';
import type { Actor } from './actor.js';
import { sameDigest, secretDigest } from './tokens.js';

const ADMIN_ACTOR: Actor = Object.freeze({
  userId: null,
  name: '系统管理员',
  role: 'bureau',
  enterpriseId: null,
  universityId: null,
});

export function authenticate(deps: AppDeps): MiddlewareHandler<AppEnv> {
  // The configured admin token's hash, computed once: each request hashes only what it presents.
  const adminHash = deps.config.adminToken ? secretDigest(deps.config.adminToken) : undefined;
  const lookUp = async (tokenHash: string): Promise<Actor | undefined> => {
    const user = await deps.db
      .selectFrom('users')
      .select(['id', 'name', 'role', 'enterpriseId', 'universityId'])
      .where('tokenHash', '=', tokenHash)
      .where('disabledAt', 'is', null)
      .executeTakeFirst();
    return user
      ? Object.freeze({
          userId: user.id,
          name: user.name,
          role: user.role,
          enterpriseId: user.enterpriseId,
          universityId: user.universityId,
        })
      : undefined;
  };
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new ApiError('unauthorized', 'Authorization 头格式应为 "Bearer <令牌>"');
      // One SHA-256 of the token serves both checks: a user's stored hash is its hex (`hashToken`).
      const digest = secretDigest(match[1]!);
      if (adminHash && sameDigest(digest, adminHash)) {
        c.set('actor', ADMIN_ACTOR);
      } else {
        const tokenHash = digest.toString('hex');
        const actor = await deps.tokens.resolve(tokenHash, () => lookUp(tokenHash));
        if (!actor) throw new ApiError('unauthorized', '令牌无效或已停用');
        c.set('actor', actor);
      }
    }
    await next();
  };
}

export function requireRoles(roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!actor) throw new ApiError('unauthorized', '请在 Authorization 头中提供令牌');
    if (!roles.includes(actor.role)) throw new ApiError('forbidden', '当前角色无权调用此接口');
    await next();
  };
}
