/**
 * 共建研发中心: the bureau records centres that grow out of cooperation, moves their status and
 * records level upgrades as history (never overwriting the earlier level); each party reads its own.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { Centre, Database } from '../../db/tables.js';
import { shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext } from '../../db/changes.js';
import { changeRecord, insertRecord, softDeleteRecord } from '../../db/records.js';
import { CENTRE_LEVEL_LABELS, CENTRE_STATUS_LABELS, canMoveCentre, isHigherLevel } from '../../domain/centres.js';
import { findCentre, insertHistory, listCentres, listHistory, liveAgreement } from './repository.js';
import type {
  CentreHistoryView,
  CentreView,
  CreateCentreInput,
  ListCentresInput,
  UpdateCentreInput,
  UpgradeLevelInput,
} from './schemas.js';
import { toCentreView } from './view.js';
import { liveRow } from '../../db/live.js';

const LABEL = '共建研发中心';
const SPEC = { table: 'centres', entity: 'centre', label: LABEL } as const;
/** The date column a status change stamps. */
const STATUS_DATE = { operating: 'establishedOn', recognized: 'recognizedOn', revoked: 'revokedOn' } as const;

type Refs = Pick<Centre, 'enterpriseId' | 'universityId' | 'labId' | 'agreementId'>;

function canSee(viewer: Actor, row: Pick<Centre, 'enterpriseId' | 'universityId'>): boolean {
  if (viewer.role === 'bureau') return true;
  return viewer.role === 'enterprise'
    ? viewer.enterpriseId === row.enterpriseId
    : viewer.universityId === row.universityId;
}

export function centreService(deps: AppDeps) {
  const { db } = deps;
  const today = () => shanghaiToday(deps.now());

  async function assertRefs(exec: Kysely<Database>, v: Refs) {
    if (!(await liveRow(exec, 'enterprises', v.enterpriseId))) throw fieldError('enterpriseId', '企业不存在');
    if (!(await liveRow(exec, 'universities', v.universityId))) throw fieldError('universityId', '高校/院所不存在');
    if (v.labId) {
      const lab = await liveRow(exec, 'labs', v.labId, ['universityId']);
      if (!lab || lab.universityId !== v.universityId) throw fieldError('labId', '实验室不存在或不属于该高校/院所');
    }
    if (v.agreementId) {
      const a = await liveAgreement(exec, v.agreementId);
      if (!a || a.enterpriseId !== v.enterpriseId || a.universityId !== v.universityId)
        throw fieldError('agreementId', '合作协议不存在或双方与本中心不一致');
    }
  }

  async function get(viewer: Actor, id: string): Promise<CentreView> {
    const row = await findCentre(db, id);
    if (!row || !canSee(viewer, row)) throw notFound(LABEL);
    return toCentreView(row);
  }

  return {
    get,

    async list(viewer: Actor, input: ListCentresInput) {
      const scope =
        viewer.role === 'enterprise'
          ? { enterpriseId: viewer.enterpriseId! }
          : viewer.role === 'university'
            ? { universityId: viewer.universityId! }
            : {};
      const { rows, offset } = await listCentres(db, input, scope);
      return toPage(rows, input, offset, toCentreView);
    },

    async history(viewer: Actor, id: string): Promise<CentreHistoryView> {
      await get(viewer, id);
      const rows = await listHistory(db, id);
      const label = (kind: 'status' | 'level', v: string) =>
        (kind === 'level' ? CENTRE_LEVEL_LABELS : CENTRE_STATUS_LABELS)[v as never] as string;
      return {
        items: rows.map((r) => ({
          kind: r.kind,
          kindLabel: r.kind === 'level' ? '级别' : '状态',
          from: r.fromValue,
          fromLabel: r.fromValue ? label(r.kind, r.fromValue) : null,
          to: r.toValue,
          toLabel: label(r.kind, r.toValue),
          effectiveOn: r.effectiveOn,
          documentNo: r.documentNo,
          note: r.note,
          actorName: r.actorName,
          at: r.at.toISOString(),
        })),
      };
    },

    async create(ctx: ChangeContext, input: CreateCentreInput): Promise<CentreView> {
      const values = { ...input, labId: input.labId ?? null, agreementId: input.agreementId ?? null };
      await assertRefs(db, values);
      const row = await db.transaction().execute(async (tx) => {
        const created = await insertRecord<Centre>(tx, ctx, SPEC, {
          ...values,
          status: 'planned',
          createdBy: ctx.actor.userId,
        });
        await insertHistory(tx, ctx, {
          centreId: created.id,
          kind: 'level',
          fromValue: null,
          toValue: created.level,
          effectiveOn: created.plannedOn,
        });
        await insertHistory(tx, ctx, {
          centreId: created.id,
          kind: 'status',
          fromValue: null,
          toValue: 'planned',
          effectiveOn: created.plannedOn,
        });
        return created;
      });
      return get(ctx.actor, row.id);
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: Omit<UpdateCentreInput, 'version'>,
    ): Promise<CentreView> {
      const { status, statusOn, statusNote, ...values } = patch;
      if (statusOn && statusOn > today()) throw fieldError('statusOn', '状态变更日期不能晚于今天');
      await db.transaction().execute(async (tx) => {
        const { before } = await changeRecord<Centre>(tx, ctx, SPEC, id, expected, async (row) => {
          await assertRefs(tx, {
            ...row,
            ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
          });
          if (status === undefined || status === row.status) return values;
          if (!canMoveCentre(row.status, status)) {
            throw new ApiError(
              'conflict',
              `不能从「${CENTRE_STATUS_LABELS[row.status]}」改为「${CENTRE_STATUS_LABELS[status]}」`,
              [{ path: 'status', message: '不允许的状态变更' }],
            );
          }
          if (status === 'revoked' && !statusNote) throw fieldError('statusNote', '撤销须说明原因');
          const dateField = STATUS_DATE[status as keyof typeof STATUS_DATE];
          return { ...values, status, ...(dateField ? { [dateField]: statusOn ?? today() } : {}) };
        });
        if (status !== undefined && status !== before.status) {
          await insertHistory(tx, ctx, {
            centreId: id,
            kind: 'status',
            fromValue: before.status,
            toValue: status,
            effectiveOn: statusOn ?? today(),
            note: statusNote ?? null,
          });
        }
      });
      return get(ctx.actor, id);
    },

    /** A recognised centre recognised again at a higher level: the level moves up and the step is kept as history. */
    async upgrade(
      ctx: ChangeContext,
      id: string,
      input: Omit<UpgradeLevelInput, 'version'>,
      expected: ExpectedVersion | undefined,
    ): Promise<CentreView> {
      if (input.effectiveOn > today()) throw fieldError('effectiveOn', '认定日期不能晚于今天');
      await db.transaction().execute(async (tx) => {
        const { before } = await changeRecord<Centre>(tx, ctx, SPEC, id, expected, (row) => {
          if (row.status !== 'recognized')
            throw new ApiError('conflict', `中心当前为「${CENTRE_STATUS_LABELS[row.status]}」，认定后才能升级`, [
              { path: 'level', message: '尚未认定' },
            ]);
          if (!isHigherLevel(row.level, input.level))
            throw new ApiError('conflict', `中心已是${CENTRE_LEVEL_LABELS[row.level]}，只能升级到更高级别`, [
              { path: 'level', message: '须高于当前级别' },
            ]);
          if (row.recognizedOn && input.effectiveOn < row.recognizedOn)
            throw fieldError('effectiveOn', '升级日期不能早于当前级别的认定日期');
          return { level: input.level, recognizedOn: input.effectiveOn };
        });
        await insertHistory(tx, ctx, {
          centreId: id,
          kind: 'level',
          fromValue: before.level,
          toValue: input.level,
          effectiveOn: input.effectiveOn,
          documentNo: input.documentNo ?? null,
          note: input.note ?? null,
        });
      });
      return get(ctx.actor, id);
    },

    async remove(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined): Promise<void> {
      await db.transaction().execute((tx) => softDeleteRecord<Centre>(tx, ctx, SPEC, id, expected));
    },
  };
}
