/** 合作意向: a university liaison offers one of its labs for a published problem; who sees which interest, and the contact rule. */
import type { Actor } from '../../auth/actor.js';
import type { Interest } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext } from '../../db/changes.js';
import { changeRecord, insertRecord, updateRecord } from '../../db/records.js';
import { labContactRevealed, openForCooperation } from '../../policy/rules.js';
import { findVisibleProblem } from '../problems/repository.js';
import { STAGE_LABELS } from '../../domain/stages.js';
import { INTEREST_STATUS_LABELS } from '../../domain/interests.js';
import {
  findActiveInterest,
  findInterest,
  findOwnLab,
  type InterestRow,
  type InterestScope,
  listInterests,
} from './repository.js';
import type { CreateInterestInput, InterestView, ListInterestsInput, UpdateInterestInput } from './schemas.js';

const LABEL = '合作意向';
const SPEC = { table: 'interests', entity: 'interest', label: LABEL } as const;

function canSee(viewer: Actor, row: Pick<InterestRow, 'universityId' | 'problemEnterpriseId'>): boolean {
  if (viewer.role === 'bureau') return true;
  if (viewer.role === 'enterprise') return viewer.enterpriseId === row.problemEnterpriseId;
  return viewer.universityId === row.universityId;
}

function scopeOf(viewer: Actor): InterestScope {
  if (viewer.role === 'enterprise') return { enterpriseId: viewer.enterpriseId! };
  if (viewer.role === 'university') return { universityId: viewer.universityId! };
  return {};
}

/** The enterprise learns who is behind an interest, and how to reach the lab, only once the bureau has introduced them. */
export function toInterestView(row: InterestRow, viewer: Actor): InterestView {
  const contact = labContactRevealed(viewer, { universityId: row.universityId, introducedToViewer: row.introduced });
  return {
    id: row.id,
    problemId: row.problemId,
    problem: {
      id: row.problemId,
      title: row.problemTitle,
      stage: row.problemStage,
      stageLabel: STAGE_LABELS[row.problemStage],
    },
    labId: row.labId,
    lab: { id: row.labId, name: row.labName },
    university: { id: row.universityId, name: row.universityName },
    note: row.note,
    status: row.status,
    statusLabel: INTEREST_STATUS_LABELS[row.status],
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    withdrawReason: row.withdrawReason,
    introduced: row.introduced,
    contact: contact
      ? {
          expressedBy: row.createdByName,
          name: row.labContactName,
          phone: row.labContactPhone,
          email: row.labContactEmail,
        }
      : null,
    contactWithheld: !contact,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Only the university that expressed an interest changes it, and only while it stands. */
const authorizeOwn = (actor: Actor) => (row: Interest) => {
  if (actor.universityId !== row.universityId) throw notFound(LABEL);
  if (row.status !== 'active') throw new ApiError('conflict', `该${LABEL}已撤回，不能再修改`);
};

export function interestService(deps: AppDeps) {
  const { db } = deps;

  async function get(viewer: Actor, id: string): Promise<InterestView> {
    const row = await findInterest(db, id);
    if (!row || !canSee(viewer, row)) throw notFound(LABEL);
    return toInterestView(row, viewer);
  }

  return {
    get,

    async list(viewer: Actor, input: ListInterestsInput) {
      const filters = viewer.role === 'bureau' ? input : { ...input, universityId: undefined };
      const { rows, offset } = await listInterests(db, filters, scopeOf(viewer));
      return toPage(rows, input, offset, (row) => toInterestView(row, viewer));
    },

    async create(ctx: ChangeContext, input: CreateInterestInput): Promise<InterestView> {
      const { actor } = ctx;
      const universityId = actor.universityId!;
      if (!(await findOwnLab(db, input.labId, universityId))) throw fieldError('labId', '实验室不存在或不属于本校');
      const problem = await findVisibleProblem(db, actor, input.problemId);
      if (!problem) throw fieldError('problemId', '技术难题不存在');
      if (!openForCooperation(problem))
        throw fieldError('problemId', '该技术难题未发布、已解决或已关闭，不接受合作意向');
      if (await findActiveInterest(db, input.problemId, input.labId))
        throw new ApiError('conflict', `该实验室已对此难题表达过${LABEL}`, [
          { path: 'labId', message: '已有有效意向' },
        ]);
      const row = await db.transaction().execute((tx) =>
        insertRecord<Interest>(tx, ctx, SPEC, {
          ...input,
          universityId,
          createdBy: actor.userId,
          createdByName: actor.name,
        }),
      );
      return get(actor, row.id);
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: Omit<UpdateInterestInput, 'version'>,
    ): Promise<InterestView> {
      await db
        .transaction()
        .execute((tx) =>
          updateRecord<Interest>(tx, ctx, { ...SPEC, authorize: authorizeOwn(ctx.actor) }, id, expected, patch),
        );
      return get(ctx.actor, id);
    },

    async withdraw(
      ctx: ChangeContext,
      id: string,
      reason: string | null,
      expected: ExpectedVersion | undefined,
    ): Promise<InterestView> {
      await db.transaction().execute((tx) =>
        changeRecord<Interest>(tx, ctx, { ...SPEC, authorize: authorizeOwn(ctx.actor) }, id, expected, () => ({
          status: 'withdrawn',
          withdrawnAt: deps.now(),
          withdrawReason: reason,
        })),
      );
      return get(ctx.actor, id);
    },
  };
}
