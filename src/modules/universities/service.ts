/** 高校/科研院所: rules (who may write what, uniqueness) and views. */
import type { Actor } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext } from '../../db/changes.js';
import { insertRecord, softDeleteRecord, updateRecord } from '../../db/records.js';
import type { University } from '../../db/tables.js';
import { findUniversity, findUniversityByName, listUniversities, type UniversityRow } from './repository.js';
import type { CreateUniversityInput, ListUniversitiesInput, UpdateUniversityInput, UniversityView } from './schemas.js';

const LABEL = '高校/院所';

export function toUniversityView(row: UniversityRow): UniversityView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    city: row.city,
    website: row.website,
    summary: row.summary,
    labCount: row.labCount,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** University users may edit their own university only; the bureau may edit any. */
function authorizeWrite(actor: Actor) {
  return (row: University) => {
    if (actor.role === 'bureau') return;
    if (actor.role === 'university' && actor.universityId === row.id) return;
    throw notFound(LABEL);
  };
}

export function universityService(deps: AppDeps) {
  const { db } = deps;

  async function assertNameFree(name: string, exceptId?: string) {
    const other = await findUniversityByName(db, name);
    if (other && other.id !== exceptId)
      throw new ApiError('conflict', `已存在同名${LABEL}：${name}`, [{ path: 'name', message: '名称已被使用' }]);
  }

  return {
    async get(id: string): Promise<UniversityView> {
      const row = await findUniversity(db, id);
      if (!row) throw notFound(LABEL);
      return toUniversityView(row);
    },

    async list(input: ListUniversitiesInput) {
      const { rows, offset } = await listUniversities(db, input);
      return toPage(rows, input, offset, toUniversityView);
    },

    async create(ctx: ChangeContext, input: CreateUniversityInput): Promise<UniversityView> {
      await assertNameFree(input.name);
      const row = await db
        .transaction()
        .execute((tx) =>
          insertRecord<University>(tx, ctx, { table: 'universities', entity: 'university', label: LABEL }, input),
        );
      return toUniversityView({ ...row, labCount: 0 });
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: Omit<UpdateUniversityInput, 'version'>,
    ): Promise<UniversityView> {
      if (patch.name) await assertNameFree(patch.name, id);
      await db
        .transaction()
        .execute((tx) =>
          updateRecord<University>(
            tx,
            ctx,
            { table: 'universities', entity: 'university', label: LABEL, authorize: authorizeWrite(ctx.actor) },
            id,
            expected,
            patch,
          ),
        );
      return this.get(id);
    },

    async remove(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const live = await tx
          .selectFrom('labs')
          .select('id')
          .where('universityId', '=', id)
          .where('deletedAt', 'is', null)
          .limit(1)
          .executeTakeFirst();
        if (live) throw new ApiError('conflict', `该${LABEL}下仍有在册实验室，请先删除或迁移实验室`);
        await softDeleteRecord<University>(
          tx,
          ctx,
          { table: 'universities', entity: 'university', label: LABEL, authorize: authorizeWrite(ctx.actor) },
          id,
          expected,
        );
      });
    },
  };
}
