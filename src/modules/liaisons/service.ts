/** 联络员: rules (each side manages its own liaisons, everyone sees the bureau's), references and views. */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { Database, Liaison } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext } from '../../db/changes.js';
import { insertRecord, softDeleteRecord, updateRecord } from '../../db/records.js';
import { findActiveUser, findAssignedEnterprise, findLiaison, listLiaisons, type LiaisonScope } from './repository.js';
import type { CreateLiaisonInput, ListLiaisonsInput, LiaisonView, UpdateLiaisonInput } from './schemas.js';
import { liveRow } from '../../db/live.js';

const LABEL = '联络员';
const SPEC = { table: 'liaisons', entity: 'liaison', label: LABEL } as const;
const MISSING = { universityId: '高校/院所不存在', enterpriseId: '企业不存在' } as const;

type Fields = Pick<Liaison, 'side' | 'universityId' | 'enterpriseId' | 'userId'>;

export function toLiaisonView(row: Liaison): LiaisonView {
  return {
    id: row.id,
    side: row.side,
    name: row.name,
    title: row.title,
    phone: row.phone,
    email: row.email,
    universityId: row.universityId,
    enterpriseId: row.enterpriseId,
    userId: row.userId,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The side a non-bureau actor speaks for; undefined for the bureau. */
function scopeOf(actor: Actor): LiaisonScope | undefined {
  if (actor.role === 'bureau') return undefined;
  if (actor.role === 'university' && actor.universityId)
    return { side: 'university', column: 'universityId', id: actor.universityId };
  if (actor.role === 'enterprise' && actor.enterpriseId)
    return { side: 'enterprise', column: 'enterpriseId', id: actor.enterpriseId };
  throw new ApiError('forbidden', '当前用户未绑定单位');
}

const ownsRow = (scope: LiaisonScope | undefined, row: Fields) =>
  !scope || (row.side === scope.side && row[scope.column] === scope.id);
const canSee = (scope: LiaisonScope | undefined, row: Fields) => row.side === 'bureau' || ownsRow(scope, row);

/** A non-bureau actor writes only its own unit's liaisons; another unit reads as missing. */
function assertOwnUnit(scope: LiaisonScope | undefined, v: Fields) {
  if (!scope) return;
  if (v.side !== scope.side)
    throw new ApiError('forbidden', `只能管理本单位的${LABEL}`, [
      { path: 'side', message: `只能为 ${scope.side} 一方登记${LABEL}` },
    ]);
  if (v[scope.column] !== scope.id) throw fieldError(scope.column, MISSING[scope.column]);
}

/** side decides which unit a liaison belongs to; the references must be live and consistent. */
async function assertReferences(db: Kysely<Database>, v: Fields) {
  if (v.side === 'university' && !v.universityId)
    throw fieldError('universityId', '高校/院所联络员须指定 universityId');
  if (v.side === 'enterprise' && !v.enterpriseId) throw fieldError('enterpriseId', '企业联络员须指定 enterpriseId');
  if (v.side !== 'university' && v.universityId) throw fieldError('universityId', '仅高校/院所联络员可关联高校/院所');
  if (v.side !== 'enterprise' && v.enterpriseId) throw fieldError('enterpriseId', '仅企业联络员可关联企业');
  if (v.universityId && !(await liveRow(db, 'universities', v.universityId)))
    throw fieldError('universityId', MISSING.universityId);
  if (v.enterpriseId && !(await liveRow(db, 'enterprises', v.enterpriseId)))
    throw fieldError('enterpriseId', MISSING.enterpriseId);
  if (v.userId) {
    const user = await findActiveUser(db, v.userId);
    const fits =
      user && user.role === v.side && user.universityId === v.universityId && user.enterpriseId === v.enterpriseId;
    if (!fits) throw fieldError('userId', '用户不存在或不属于该单位');
  }
}

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function liaisonService(deps: AppDeps) {
  const { db } = deps;

  return {
    async get(actor: Actor, id: string): Promise<LiaisonView> {
      const row = await findLiaison(db, id);
      if (!row || !canSee(scopeOf(actor), row)) throw notFound(LABEL);
      return toLiaisonView(row);
    },

    async list(actor: Actor, input: ListLiaisonsInput) {
      const { rows, offset } = await listLiaisons(db, input, scopeOf(actor));
      return toPage(rows, input, offset, toLiaisonView);
    },

    async create(ctx: ChangeContext, input: CreateLiaisonInput): Promise<LiaisonView> {
      const scope = scopeOf(ctx.actor);
      const values = {
        ...input,
        ...(scope && input.side === scope.side ? { [scope.column]: input[scope.column] ?? scope.id } : {}),
      };
      const v = {
        side: values.side,
        universityId: values.universityId ?? null,
        enterpriseId: values.enterpriseId ?? null,
        userId: values.userId ?? null,
      };
      assertOwnUnit(scope, v);
      await assertReferences(db, v);
      const row = await db.transaction().execute((tx) => insertRecord<Liaison>(tx, ctx, SPEC, values));
      return toLiaisonView(row);
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: Omit<UpdateLiaisonInput, 'version'>,
    ): Promise<LiaisonView> {
      const scope = scopeOf(ctx.actor);
      const row = await db.transaction().execute((tx) =>
        updateRecord<Liaison>(
          tx,
          ctx,
          {
            ...SPEC,
            authorize: async (before) => {
              if (!ownsRow(scope, before)) throw notFound(LABEL);
              if (patch.side !== undefined && patch.side !== before.side)
                throw fieldError('side', `${LABEL}所属方创建后不可修改`);
              const merged = { ...before, ...defined(patch) };
              assertOwnUnit(scope, merged);
              await assertReferences(tx, merged);
            },
          },
          id,
          expected,
          patch,
        ),
      );
      return toLiaisonView(row);
    },

    async remove(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined): Promise<void> {
      const scope = scopeOf(ctx.actor);
      await db.transaction().execute((tx) =>
        softDeleteRecord<Liaison>(
          tx,
          ctx,
          {
            ...SPEC,
            authorize: async (before) => {
              if (!ownsRow(scope, before)) throw notFound(LABEL);
              if (await findAssignedEnterprise(tx, id))
                throw new ApiError('conflict', `该${LABEL}仍负责在册企业，请先改派`);
            },
          },
          id,
          expected,
        ),
      );
    },
  };
}
