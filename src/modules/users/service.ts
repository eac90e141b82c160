/** 用户与令牌: issuing tokens (shown once, stored hashed), listing and disabling users. */
import type { Kysely } from 'kysely';
import { generateToken, hashToken } from '../../auth/tokens.js';
import { issueActivationLink } from '../accounts/activation.js';
import { endUserSessions } from '../accounts/sessions.js';
import type { Database, User } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { pageOf, parseSort, toPage } from '../../db/pagination.js';
import { assertVersion, type ExpectedVersion } from '../../http/versioning.js';
import { type ChangeContext, recordChange } from '../../db/changes.js';
import type { CreateUserInput, ListUsersInput, UserView } from './schemas.js';

const LABEL = '用户';

export function toUserView(row: User): UserView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    enterpriseId: row.enterpriseId,
    universityId: row.universityId,
    disabled: row.disabledAt !== null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The audited shape of a user: everything but the token and password hashes. */
const audited = ({ tokenHash: _token, passwordHash: _password, ...rest }: User) => rest;

/** An activation link as the bureau receives it: the absolute URL (PUBLIC_URL, else the request's origin). */
export interface ActivationView {
  activationUrl: string;
  activationExpiresAt: string;
}
const activationView = (base: string, link: { path: string; expiresAt: Date }): ActivationView => ({
  activationUrl: `${base.replace(/\/$/, '')}${link.path}`,
  activationExpiresAt: link.expiresAt.toISOString(),
});

async function assertBinding(db: Kysely<Database>, input: CreateUserInput) {
  if (input.enterpriseId) {
    const e = await db
      .selectFrom('enterprises')
      .select('id')
      .where('id', '=', input.enterpriseId)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    if (!e) throw fieldError('enterpriseId', '企业不存在');
  }
  if (input.universityId) {
    const u = await db
      .selectFrom('universities')
      .select('id')
      .where('id', '=', input.universityId)
      .where('deletedAt', 'is', null)
      .executeTakeFirst();
    if (!u) throw fieldError('universityId', '高校/院所不存在');
  }
}

export function userService(deps: AppDeps) {
  const { db } = deps;
  return {
    /** Creates the user with an API token and a one-time activation link (both shown once). `base`: the site's origin. */
    async create(
      ctx: ChangeContext,
      input: CreateUserInput,
      base: string,
    ): Promise<UserView & { token: string } & ActivationView> {
      await assertBinding(db, input);
      const token = generateToken();
      const { row, link } = await db.transaction().execute(async (tx) => {
        const user = await tx
          .insertInto('users')
          .values({
            name: input.name,
            role: input.role,
            enterpriseId: input.enterpriseId ?? null,
            universityId: input.universityId ?? null,
            tokenHash: hashToken(token),
            disabledAt: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordChange(tx, ctx, { entity: 'user', entityId: user.id, action: 'create', after: audited(user) });
        const link = await issueActivationLink(tx, user.id, deps.now(), ctx.actor.userId);
        return { row: user, link };
      });
      return { ...toUserView(row), token, ...activationView(base, link) };
    },

    /** A new one-time activation link (to activate, or to reset a forgotten password); older unused links stop working. */
    async issueActivation(ctx: ChangeContext, id: string, base: string): Promise<ActivationView> {
      const link = await db.transaction().execute(async (tx) => {
        const user = await tx.selectFrom('users').select(['id', 'disabledAt']).where('id', '=', id).executeTakeFirst();
        if (!user) throw notFound(LABEL);
        if (user.disabledAt) throw new ApiError('conflict', '用户已停用，请先恢复再签发激活链接');
        const issued = await issueActivationLink(tx, id, deps.now(), ctx.actor.userId);
        await recordChange(tx, ctx, {
          entity: 'user',
          entityId: id,
          action: 'update',
          after: { activationLinkIssued: true, expiresAt: issued.expiresAt.toISOString() },
        });
        return issued;
      });
      return activationView(base, link);
    },

    async get(id: string): Promise<UserView> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound(LABEL);
      return toUserView(row);
    },

    async list(input: ListUsersInput) {
      const { field, direction } = parseSort(input.sort);
      let q = db.selectFrom('users');
      if (input.role) q = q.where('role', '=', input.role);
      if (input.enterpriseId) q = q.where('enterpriseId', '=', input.enterpriseId);
      if (input.universityId) q = q.where('universityId', '=', input.universityId);
      if (input.disabled) q = q.where('disabledAt', input.disabled === 'true' ? 'is not' : 'is', null);
      const { rows, offset } = await pageOf(q, (q) => q.selectAll().orderBy(field, direction).orderBy('id'), input);
      return toPage(rows, input, offset, toUserView);
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: { name?: string; disabled?: boolean },
    ): Promise<UserView> {
      const row = await db.transaction().execute(async (tx) => {
        const before = await tx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) throw notFound(LABEL);
        assertVersion(before.version, expected);
        const after = await tx
          .updateTable('users')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.disabled !== undefined
              ? { disabledAt: patch.disabled ? (before.disabledAt ?? new Date()) : null }
              : {}),
            version: before.version + 1,
            updatedAt: new Date(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordChange(tx, ctx, {
          entity: 'user',
          entityId: id,
          action: 'update',
          before: audited(before),
          after: audited(after),
        });
        // A disabled user is signed out everywhere at once, not at their next request.
        if (after.disabledAt && !before.disabledAt) await endUserSessions(tx, id, deps.now());
        return after;
      });
      // Committed: cached tokens of this process answer with the changed user (or not at all) from the next request.
      deps.tokens.invalidate();
      return toUserView(row);
    },
  };
}
