/** 用户与令牌: issuing tokens (shown once, stored hashed), listing and disabling users. */
import type { Kysely } from 'kysely';
import { generateToken, hashToken } from '../../auth/tokens.js';
import type { Database, User } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { fieldError, notFound } from '../../http/errors.js';
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

/** The audited shape of a user: everything but the token hash. */
const audited = ({ tokenHash: _omit, ...rest }: User) => rest;

async function assertBinding(db: Kysely<Database>, input: CreateUserInput) {
  if (input.enterpriseId) {
    const e = await db.selectFrom('enterprises').select('id').where('id', '=', input.enterpriseId).where('deletedAt', 'is', null).executeTakeFirst();
    if (!e) throw fieldError('enterpriseId', '企业不存在');
  }
  if (input.universityId) {
    const u = await db.selectFrom('universities').select('id').where('id', '=', input.universityId).where('deletedAt', 'is', null).executeTakeFirst();
    if (!u) throw fieldError('universityId', '高校/院所不存在');
  }
}

export function userService(deps: AppDeps) {
  const { db } = deps;
  return {
    async create(ctx: ChangeContext, input: CreateUserInput): Promise<UserView & { token: string }> {
      await assertBinding(db, input);
      const token = generateToken();
      const row = await db.transaction().execute(async (tx) => {
        const user = await tx
          .insertInto('users')
          .values({ name: input.name, role: input.role, enterpriseId: input.enterpriseId ?? null, universityId: input.universityId ?? null, tokenHash: hashToken(token), disabledAt: null })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordChange(tx, ctx, { entity: 'user', entityId: user.id, action: 'create', after: audited(user) });
        return user;
      });
      return { ...toUserView(row), token };
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

    async update(ctx: ChangeContext, id: string, expected: ExpectedVersion, patch: { name?: string; disabled?: boolean }): Promise<UserView> {
      const row = await db.transaction().execute(async (tx) => {
        const before = await tx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) throw notFound(LABEL);
        assertVersion(before.version, expected);
        const after = await tx
          .updateTable('users')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.disabled !== undefined ? { disabledAt: patch.disabled ? (before.disabledAt ?? new Date()) : null } : {}),
            version: before.version + 1,
            updatedAt: new Date(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordChange(tx, ctx, { entity: 'user', entityId: id, action: 'update', before: audited(before), after: audited(after) });
        return after;
      });
      return toUserView(row);
    },
  };
}
