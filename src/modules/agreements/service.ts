/** 校企合作协议: the bureau records agreements, their status and registration; signing moves the problems they answer to agreed. */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { Agreement, Database } from '../../db/tables.js';
import { shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext, Tx } from '../../db/changes.js';
import { changeRecord, insertRecord, softDeleteRecord } from '../../db/records.js';
import { stageReason } from '../../policy/stage-reasons.js';
import { advanceStage } from '../problems/stages.js';
import { AGREEMENT_STATUS_LABELS, canMoveAgreement } from '../../domain/agreements.js';
import { type AgreementRow, findAgreement, listAgreements, problemOwners } from './repository.js';
import type { AgreementView, CreateAgreementInput, ListAgreementsInput, UpdateAgreementInput } from './schemas.js';
import { toAgreementView } from './view.js';
import { liveRow } from '../../db/live.js';

const LABEL = '合作协议';
const SPEC = { table: 'agreements', entity: 'agreement', label: LABEL } as const;

type Fields = Pick<
  Agreement,
  | 'type'
  | 'developmentMode'
  | 'enterpriseId'
  | 'universityId'
  | 'labId'
  | 'problemIds'
  | 'signedOn'
  | 'startOn'
  | 'endOn'
  | 'registeredOn'
  | 'registrationNo'
>;

function canSee(viewer: Actor, row: Pick<Agreement, 'enterpriseId' | 'universityId'>): boolean {
  if (viewer.role === 'bureau') return true;
  return viewer.role === 'enterprise'
    ? viewer.enterpriseId === row.enterpriseId
    : viewer.universityId === row.universityId;
}

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function agreementService(deps: AppDeps) {
  const { db } = deps;
  const today = () => shanghaiToday(deps.now());

  /** The whole agreement as it would be: parties live, lab of the university, problems of the enterprise, dates in order. */
  async function assertValid(exec: Kysely<Database>, v: Fields) {
    if (v.type === 'development' && !v.developmentMode)
      throw fieldError('developmentMode', '技术开发协议须注明委托开发（commissioned）或合作开发（joint）');
    if (v.type !== 'development' && v.developmentMode)
      throw fieldError('developmentMode', '仅技术开发协议填写开发方式');
    if (v.signedOn > today()) throw fieldError('signedOn', '签订日期不能晚于今天');
    if (v.startOn && v.endOn && v.endOn < v.startOn) throw fieldError('endOn', '履行期限止不得早于起始日期');
    if (!!v.registeredOn !== !!v.registrationNo)
      throw fieldError(v.registeredOn ? 'registrationNo' : 'registeredOn', '认定登记须同时填写登记日期与登记编号');
    if (v.registeredOn && (v.registeredOn < v.signedOn || v.registeredOn > today()))
      throw fieldError('registeredOn', '登记日期须在签订日期与今天之间');
    if (!(await liveRow(exec, 'enterprises', v.enterpriseId))) throw fieldError('enterpriseId', '企业不存在');
    if (!(await liveRow(exec, 'universities', v.universityId))) throw fieldError('universityId', '高校/院所不存在');
    if (v.labId) {
      const lab = await liveRow(exec, 'labs', v.labId, ['universityId']);
      if (!lab || lab.universityId !== v.universityId) throw fieldError('labId', '实验室不存在或不属于该高校/院所');
    }
    const owners = await problemOwners(exec, v.problemIds);
    const bad = v.problemIds.findIndex((id) => owners.get(id) !== v.enterpriseId);
    if (bad >= 0) throw fieldError(`problemIds.${bad}`, '技术难题不存在或不属于该企业');
    if (new Set(v.problemIds).size !== v.problemIds.length) throw fieldError('problemIds', '技术难题重复');
  }

  /** Signing an agreement that names a problem moves it to agreed (from an earlier stage only). */
  async function advanceProblems(tx: Tx, ctx: ChangeContext, row: Agreement, only?: readonly string[]) {
    for (const id of only ?? row.problemIds) await advanceStage(tx, ctx, id, 'agreed', stageReason.agreement(row));
  }

  async function get(viewer: Actor, id: string): Promise<AgreementView> {
    const row = await findAgreement(db, id);
    if (!row || !canSee(viewer, row)) throw notFound(LABEL);
    return toAgreementView(row, today());
  }

  return {
    get,

    async list(viewer: Actor, input: ListAgreementsInput) {
      const scope =
        viewer.role === 'enterprise'
          ? { enterpriseId: viewer.enterpriseId! }
          : viewer.role === 'university'
            ? { universityId: viewer.universityId! }
            : {};
      const d = today();
      const { rows, offset } = await listAgreements(db, input, scope, d);
      return toPage(rows, input, offset, (row: AgreementRow) => toAgreementView(row, d));
    },

    async create(ctx: ChangeContext, input: CreateAgreementInput): Promise<AgreementView> {
      const values = {
        ...input,
        developmentMode: input.developmentMode ?? null,
        labId: input.labId ?? null,
        startOn: input.startOn ?? null,
        endOn: input.endOn ?? null,
      };
      await assertValid(db, { ...values, registeredOn: null, registrationNo: null });
      const row = await db.transaction().execute(async (tx) => {
        const created = await insertRecord<Agreement>(tx, ctx, SPEC, { ...values, createdBy: ctx.actor.userId });
        await advanceProblems(tx, ctx, created);
        return created;
      });
      return get(ctx.actor, row.id);
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: Omit<UpdateAgreementInput, 'version'>,
    ): Promise<AgreementView> {
      const { status, statusNote, ...values } = patch;
      if (statusNote !== undefined && status === undefined)
        throw fieldError('statusNote', '仅在变更状态（status）时填写');
      await db.transaction().execute(async (tx) => {
        const { before, after } = await changeRecord<Agreement>(tx, ctx, SPEC, id, expected, async (row) => {
          await assertValid(tx, { ...row, ...defined(values) } as Fields);
          if (status === undefined || status === row.status) return values;
          if (!canMoveAgreement(row.status, status)) {
            throw new ApiError(
              'conflict',
              `不能从「${AGREEMENT_STATUS_LABELS[row.status]}」改为「${AGREEMENT_STATUS_LABELS[status]}」`,
              [{ path: 'status', message: '不允许的状态变更' }],
            );
          }
          if (status === 'terminated' && !statusNote) throw fieldError('statusNote', '终止协议须说明原因');
          return { ...values, status, statusNote: statusNote ?? null };
        });
        const added = after.problemIds.filter((p) => !before.problemIds.includes(p));
        if (added.length) await advanceProblems(tx, ctx, after, added);
      });
      return get(ctx.actor, id);
    },

    async remove(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const centre = await tx
          .selectFrom('centres')
          .select('id')
          .where('agreementId', '=', id)
          .where('deletedAt', 'is', null)
          .limit(1)
          .executeTakeFirst();
        if (centre) throw new ApiError('conflict', `该${LABEL}已关联共建研发中心，不能删除`);
        await softDeleteRecord<Agreement>(tx, ctx, SPEC, id, expected);
      });
    },
  };
}
