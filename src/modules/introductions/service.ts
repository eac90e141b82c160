/**
 * 推荐与引荐: the bureau shortlists candidate labs for a problem and introduces them; from then on
 * the lab's university sees the enterprise's identity and contact and the enterprise the lab's;
 * either side accepts or declines (with a reason the other side and the bureau see).
 */
import type { Actor } from '../../auth/actor.js';
import type { Introduction, IntroductionSide } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext, Tx } from '../../db/changes.js';
import { changeRecord, insertRecord, updateRecord } from '../../db/records.js';
import { stageReason } from '../../policy/stage-reasons.js';
import { advanceStage } from '../problems/stages.js';
import { openForCooperation } from '../../policy/rules.js';
import { findVisibleProblem } from '../problems/repository.js';
import { INTRODUCTION_STATUS_LABELS, type IntroductionStatusCode } from '../../domain/introductions.js';
import {
  findInterestFor,
  findIntroduction,
  findLab,
  findLiveIntroduction,
  findProblemOwner,
  listIntroductions,
} from './repository.js';
import type { CreateIntroductionInput, ListIntroductionsInput, UpdateIntroductionInput } from './schemas.js';
import { toIntroductionView } from './view.js';

const LABEL = '引荐';
const SPEC = { table: 'introductions', entity: 'introduction', label: LABEL } as const;

const conflict = (row: Introduction, action: string) =>
  new ApiError(
    'conflict',
    `该${LABEL}当前为「${INTRODUCTION_STATUS_LABELS[row.status as IntroductionStatusCode]}」，不能${action}`,
    [{ path: 'status', message: '不允许的操作' }],
  );

function canSee(
  viewer: Actor,
  row: Pick<Introduction, 'introducedAt' | 'universityId'> & { enterpriseId: string },
): boolean {
  if (viewer.role === 'bureau') return true;
  if (!row.introducedAt) return false;
  return viewer.role === 'enterprise'
    ? viewer.enterpriseId === row.enterpriseId
    : viewer.universityId === row.universityId;
}

export function introductionService(deps: AppDeps) {
  const { db } = deps;

  async function get(viewer: Actor, id: string) {
    const row = await findIntroduction(db, id);
    if (!row || !canSee(viewer, row)) throw notFound(LABEL);
    return toIntroductionView(row, viewer);
  }

  /** The side the caller speaks for; an introduction of another enterprise or university reads as missing. */
  async function sideOf(tx: Tx, actor: Actor, row: Introduction): Promise<IntroductionSide> {
    const { enterpriseId } = await findProblemOwner(tx, row.problemId);
    if (!canSee(actor, { ...row, enterpriseId }) || actor.role === 'bureau') throw notFound(LABEL);
    return actor.role === 'enterprise' ? 'enterprise' : 'university';
  }

  return {
    get,

    async list(viewer: Actor, input: ListIntroductionsInput) {
      const filters = viewer.role === 'bureau' ? input : { ...input, universityId: undefined, enterpriseId: undefined };
      const scope =
        viewer.role === 'enterprise'
          ? { enterpriseId: viewer.enterpriseId! }
          : viewer.role === 'university'
            ? { universityId: viewer.universityId! }
            : {};
      const { rows, offset } = await listIntroductions(db, filters, scope);
      return toPage(rows, input, offset, (row) => toIntroductionView(row, viewer));
    },

    async create(ctx: ChangeContext, input: CreateIntroductionInput) {
      const { introduce: now, interestId: requestedInterest, ...values } = input;
      const problem = await findVisibleProblem(db, ctx.actor, input.problemId);
      if (!problem) throw fieldError('problemId', '技术难题不存在');
      if (!openForCooperation(problem)) throw fieldError('problemId', '该技术难题未发布、已解决或已关闭，不能推荐');
      const lab = await findLab(db, input.labId);
      if (!lab) throw fieldError('labId', '实验室不存在');
      let interestId: string | null = null;
      if (input.source === 'interest') {
        const interest = await findInterestFor(db, input.problemId, input.labId, requestedInterest);
        if (!interest)
          throw fieldError(
            'interestId',
            requestedInterest ? '合作意向不存在或不属于该难题与实验室' : '该实验室未对此难题表达有效意向',
          );
        interestId = interest.id;
      }
      if (await findLiveIntroduction(db, input.problemId, input.labId))
        throw new ApiError('conflict', `该实验室已在此难题的候选或引荐名单中`, [{ path: 'labId', message: '已推荐' }]);
      const at = deps.now();
      const row = await db.transaction().execute(async (tx) => {
        const created = await insertRecord<Introduction>(tx, ctx, SPEC, {
          ...values,
          interestId,
          universityId: lab.universityId,
          status: now ? 'introduced' : 'shortlisted',
          introducedAt: now ? at : null,
          createdAt: at,
          updatedAt: at,
          createdBy: ctx.actor.userId,
        });
        await advanceStage(tx, ctx, input.problemId, 'matching', stageReason[now ? 'introduced' : 'shortlisted'](lab));
        return created;
      });
      return get(ctx.actor, row.id);
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: Omit<UpdateIntroductionInput, 'version'>,
    ) {
      await db.transaction().execute((tx) => updateRecord<Introduction>(tx, ctx, SPEC, id, expected, patch));
      return get(ctx.actor, id);
    },

    /** shortlisted → introduced (bureau). */
    async introduce(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined) {
      await db.transaction().execute(async (tx) => {
        const { after } = await changeRecord<Introduction>(tx, ctx, SPEC, id, expected, (row) => {
          if (row.status !== 'shortlisted') throw conflict(row, '引荐');
          return { status: 'introduced', introducedAt: deps.now() };
        });
        const lab = await findLab(tx, after.labId);
        const named = { id: after.labId, name: lab?.name ?? '', universityId: after.universityId };
        await advanceStage(tx, ctx, after.problemId, 'matching', stageReason.introduced(named));
      });
      return get(ctx.actor, id);
    },

    /** One side agrees to talk; when both have, the introduction is accepted. */
    async accept(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined) {
      await db.transaction().execute(async (tx) => {
        let side: IntroductionSide = 'enterprise';
        const authorize = async (row: Introduction) => void (side = await sideOf(tx, ctx.actor, row));
        await changeRecord<Introduction>(tx, ctx, { ...SPEC, authorize }, id, expected, (row) => {
          const own = side === 'enterprise' ? row.enterpriseResponse : row.universityResponse;
          const other = side === 'enterprise' ? row.universityResponse : row.enterpriseResponse;
          if (row.status !== 'introduced' || own !== null) throw conflict(row, '表示同意');
          const at = deps.now();
          const patch =
            side === 'enterprise'
              ? { enterpriseResponse: 'accepted', enterpriseRespondedAt: at }
              : { universityResponse: 'accepted', universityRespondedAt: at };
          return { ...patch, ...(other === 'accepted' ? { status: 'accepted' } : {}) };
        });
      });
      return get(ctx.actor, id);
    },

    /** Either side declines, with a reason the other side and the bureau see. */
    async decline(ctx: ChangeContext, id: string, reason: string, expected: ExpectedVersion | undefined) {
      await db.transaction().execute(async (tx) => {
        let side: IntroductionSide = 'enterprise';
        const authorize = async (row: Introduction) => void (side = await sideOf(tx, ctx.actor, row));
        await changeRecord<Introduction>(tx, ctx, { ...SPEC, authorize }, id, expected, (row) => {
          if (row.status !== 'introduced' && row.status !== 'accepted') throw conflict(row, '婉拒');
          const at = deps.now();
          const patch =
            side === 'enterprise'
              ? { enterpriseResponse: 'declined', enterpriseRespondedAt: at }
              : { universityResponse: 'declined', universityRespondedAt: at };
          return { ...patch, status: 'declined', declinedBy: side, declineReason: reason };
        });
      });
      return get(ctx.actor, id);
    },

    /** The bureau drops a candidate or calls off an introduction. */
    async withdraw(ctx: ChangeContext, id: string, reason: string, expected: ExpectedVersion | undefined) {
      await db.transaction().execute((tx) =>
        changeRecord<Introduction>(tx, ctx, SPEC, id, expected, (row) => {
          if (row.status === 'declined' || row.status === 'withdrawn') throw conflict(row, '撤销');
          return { status: 'withdrawn', withdrawnAt: deps.now(), withdrawReason: reason };
        }),
      );
      return get(ctx.actor, id);
    },
  };
}
