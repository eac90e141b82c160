/** 实验室/团队/平台: rules (who may write which lab, uniqueness per university), and the view with its contact rule. */
import type { Actor } from '../../auth/actor.js';
import type { Kysely } from 'kysely';
import type { Database, Lab } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext } from '../../db/changes.js';
import { insertRecord, softDeleteRecord, updateRecord } from '../../db/records.js';
import { labContactRevealed } from '../../policy/rules.js';
import { findLab, findLabByName, type LabRow, listLabs } from './repository.js';
import type { CreateLabInput, LabView, ListLabsInput, UpdateLabInput } from './schemas.js';
import { liveRow } from '../../db/live.js';

const LABEL = '实验室/团队';
const spec = { table: 'labs', entity: 'lab', label: LABEL } as const;

/** The enterprise whose introductions reveal lab contacts, for an enterprise viewer. */
const viewerEnterprise = (viewer: Actor) =>
  viewer.role === 'enterprise' ? (viewer.enterpriseId ?? undefined) : undefined;

export function toLabView(row: LabRow, viewer: Actor): LabView {
  const contact = labContactRevealed(viewer, row);
  return {
    id: row.id,
    universityId: row.universityId,
    university: { id: row.universityId, name: row.universityName, kind: row.universityKind, city: row.universityCity },
    name: row.name,
    leader: row.leader,
    domains: row.domains,
    keywords: row.keywords,
    summary: row.summary,
    equipment: row.equipment,
    achievements: row.achievements,
    contactName: contact ? row.contactName : null,
    contactPhone: contact ? row.contactPhone : null,
    contactEmail: contact ? row.contactEmail : null,
    contactWithheld: !contact,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The bureau writes any lab; a university liaison only its own university's (others read as missing). */
function authorizeWrite(actor: Actor) {
  return (row: Lab) => {
    if (actor.role === 'bureau') return;
    if (actor.role === 'university' && actor.universityId === row.universityId) return;
    throw notFound(LABEL);
  };
}

export function labService(deps: AppDeps) {
  const { db } = deps;

  async function assertNameFree(exec: Kysely<Database>, universityId: string, name: string, exceptId?: string) {
    const other = await findLabByName(exec, universityId, name);
    if (other && other.id !== exceptId)
      throw new ApiError('conflict', `该高校/院所已有同名${LABEL}：${name}`, [
        { path: 'name', message: '名称已被使用' },
      ]);
  }

  /** The university a new lab belongs to: the bureau names any live one; a liaison gets its own. */
  async function owningUniversity(actor: Actor, requested: string | undefined): Promise<string> {
    if (actor.role === 'university') {
      if (requested && requested !== actor.universityId) throw fieldError('universityId', '高校/院所不存在');
      return actor.universityId!;
    }
    if (!requested) throw fieldError('universityId', '请指定所属高校/院所');
    if (!(await liveRow(db, 'universities', requested))) throw fieldError('universityId', '高校/院所不存在');
    return requested;
  }

  async function get(viewer: Actor, id: string): Promise<LabView> {
    const row = await findLab(db, id, viewerEnterprise(viewer));
    if (!row) throw notFound(LABEL);
    return toLabView(row, viewer);
  }

  return {
    get,

    async list(viewer: Actor, input: ListLabsInput) {
      const { rows, offset } = await listLabs(db, input, viewerEnterprise(viewer));
      return toPage(rows, input, offset, (row) => toLabView(row, viewer));
    },

    async create(ctx: ChangeContext, input: CreateLabInput): Promise<LabView> {
      const { universityId: requested, ...values } = input;
      const universityId = await owningUniversity(ctx.actor, requested);
      await assertNameFree(db, universityId, values.name);
      const row = await db.transaction().execute((tx) => insertRecord<Lab>(tx, ctx, spec, { ...values, universityId }));
      return get(ctx.actor, row.id);
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: Omit<UpdateLabInput, 'version'>,
    ): Promise<LabView> {
      const { universityId, ...values } = patch;
      await db.transaction().execute(async (tx) => {
        const authorize = authorizeWrite(ctx.actor);
        await updateRecord<Lab>(
          tx,
          ctx,
          {
            ...spec,
            authorize: async (row) => {
              authorize(row);
              if (universityId !== undefined && universityId !== row.universityId)
                throw fieldError('universityId', '不能修改实验室所属高校/院所');
              if (values.name !== undefined && values.name !== row.name)
                await assertNameFree(tx, row.universityId, values.name, id);
            },
          },
          id,
          expected,
          values,
        );
      });
      return get(ctx.actor, id);
    },

    async remove(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined): Promise<void> {
      await db
        .transaction()
        .execute((tx) =>
          softDeleteRecord<Lab>(tx, ctx, { ...spec, authorize: authorizeWrite(ctx.actor) }, id, expected),
        );
    },
  };
}
