/** 技术难题/需求: who sees and writes which problem, the references it names, its stage changes, and the view per viewer. */
import type { Actor } from '../../auth/actor.js';
import type { Problem } from '../../db/tables.js';
import { shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../http/env.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { toPage } from '../../http/pagination.js';
import { assertVersion, type ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext } from '../../services/changes.js';
import { insertRecord, lockLive, softDeleteRecord, updateRecord } from '../../services/records.js';
import { findBureauLiaison, findLiveEnterprise, findProblem, insertStageHistory, listProblems, listStageHistory, type ProblemRow, type ProblemScope } from './repository.js';
import type { CreateProblemInput, ListProblemsInput, ProblemView, StageHistoryView, UpdateProblemInput } from './schemas.js';
import { assertTransition, PROBLEM_SPEC, STAGE_LABELS } from './stages.js';

const LABEL = PROBLEM_SPEC.label;

/** Today's date in Beijing time, 'YYYY-MM-DD'. */

/** The bureau sees everything; an enterprise its own problems; a university public ones that are not closed. */
function canSee(viewer: Actor, row: Pick<Problem, 'enterpriseId' | 'visibility' | 'stage'>): boolean {
  if (viewer.role === 'bureau') return true;
  if (viewer.role === 'enterprise') return viewer.enterpriseId === row.enterpriseId;
  return row.visibility === 'public' && row.stage !== 'closed';
}

function scopeOf(viewer: Actor): ProblemScope {
  if (viewer.role === 'enterprise') return { enterpriseId: viewer.enterpriseId! };
  if (viewer.role === 'university') return { publicOnly: true };
  return {};
}

/** One view for every viewer: universities get the problem without the enterprise's identity and contact. */
export function toProblemView(row: ProblemRow, viewer: Actor): ProblemView {
  const withheld = viewer.role === 'university';
  const enterprise = {
    id: row.enterpriseId,
    name: row.enterpriseName,
    industry: row.enterpriseIndustry,
    contactName: row.enterpriseContactName,
    contactPhone: row.enterpriseContactPhone,
    contactEmail: row.enterpriseContactEmail,
  };
  return {
    id: row.id,
    enterpriseId: withheld ? null : row.enterpriseId,
    enterprise: withheld ? null : enterprise,
    enterpriseWithheld: withheld,
    enterpriseIndustry: row.enterpriseIndustry,
    title: row.title,
    description: row.description,
    domains: row.domains,
    keywords: row.keywords,
    budgetWan: row.budgetWan,
    deadline: row.deadline,
    visibility: row.visibility,
    stage: row.stage,
    stageLabel: STAGE_LABELS[row.stage],
    liaisonId: row.liaisonId,
    postedAt: row.postedAt.toISOString(),
    createdBy: withheld ? null : row.createdBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function problemService(deps: AppDeps) {
  const { db } = deps;

  function assertDeadline(deadline: string | null | undefined) {
    if (deadline && deadline < shanghaiToday(deps.now())) throw fieldError('deadline', '截止日期不能早于今天');
  }

  /** The enterprise a new problem belongs to: the bureau names any live one; an enterprise user gets its own. */
  async function owningEnterprise(actor: Actor, requested: string | undefined): Promise<string> {
    if (actor.role === 'enterprise') {
      if (requested && requested !== actor.enterpriseId) throw fieldError('enterpriseId', '企业不存在');
      return actor.enterpriseId!;
    }
    if (!requested) throw fieldError('enterpriseId', '请指定发布企业');
    if (!(await findLiveEnterprise(db, requested))) throw fieldError('enterpriseId', '企业不存在');
    return requested;
  }

  /** Read access for writes: the bureau any problem, an enterprise its own; others read as missing. */
  const authorizeWrite = (actor: Actor) => (row: Problem) => {
    if (actor.role === 'bureau' || (actor.role === 'enterprise' && actor.enterpriseId === row.enterpriseId)) return;
    throw notFound(LABEL);
  };

  async function get(viewer: Actor, id: string): Promise<ProblemView> {
    const row = await findProblem(db, id);
    if (!row || !canSee(viewer, row)) throw notFound(LABEL);
    return toProblemView(row, viewer);
  }

  return {
    get,

    async list(viewer: Actor, input: ListProblemsInput) {
      const filters = viewer.role === 'bureau' ? input : { ...input, enterpriseId: undefined };
      const { rows, offset } = await listProblems(db, filters, scopeOf(viewer));
      return toPage(rows, input, offset, (row) => toProblemView(row, viewer));
    },

    async history(viewer: Actor, id: string): Promise<StageHistoryView> {
      await get(viewer, id);
      const rows = await listStageHistory(db, id);
      return {
        items: rows.map((r) => ({
          fromStage: r.fromStage,
          toStage: r.toStage,
          fromLabel: r.fromStage ? STAGE_LABELS[r.fromStage] : null,
          toLabel: STAGE_LABELS[r.toStage],
          reason: r.reason,
          actorName: r.actorName,
          at: r.at.toISOString(),
        })),
      };
    },

    async create(ctx: ChangeContext, input: CreateProblemInput): Promise<ProblemView> {
      const { enterpriseId: requested, ...values } = input;
      const enterpriseId = await owningEnterprise(ctx.actor, requested);
      assertDeadline(values.deadline);
      const row = await db.transaction().execute(async (tx) => {
        const created = await insertRecord<Problem>(tx, ctx, PROBLEM_SPEC, { ...values, enterpriseId, stage: 'open', postedAt: deps.now(), createdBy: ctx.actor.userId });
        await insertStageHistory(tx, ctx, created.id, null, 'open', null);
        return created;
      });
      return get(ctx.actor, row.id);
    },

    async update(ctx: ChangeContext, id: string, expected: ExpectedVersion, patch: Omit<UpdateProblemInput, 'version'>): Promise<ProblemView> {
      const { actor } = ctx;
      const { stage, stageReason, ...values } = patch;
      if (values.liaisonId !== undefined && actor.role !== 'bureau') throw new ApiError('forbidden', '仅区科技局可指定联络员', [{ path: 'liaisonId', message: '无权设置' }]);
      assertDeadline(values.deadline);
      await db.transaction().execute(async (tx) => {
        const before = await lockLive<Problem>(tx, { ...PROBLEM_SPEC, authorize: authorizeWrite(actor) }, id);
        assertVersion(before.version, expected);
        const changesStage = stage !== undefined && stage !== before.stage;
        if (changesStage) {
          if (actor.role !== 'bureau' && stage !== 'closed') throw new ApiError('forbidden', '企业用户只能关闭自己的技术难题', [{ path: 'stage', message: '无权变更为该阶段' }]);
          if (!stageReason) throw fieldError('stageReason', '变更阶段须填写原因');
          assertTransition(before.stage, stage);
        }
        if (values.liaisonId && !(await findBureauLiaison(tx, values.liaisonId))) throw fieldError('liaisonId', '联络员不存在或不是区科技局联络员');
        await updateRecord<Problem>(tx, ctx, PROBLEM_SPEC, id, expected, changesStage ? { ...values, stage } : values);
        if (changesStage) await insertStageHistory(tx, ctx, id, before.stage, stage, stageReason!);
      });
      return get(actor, id);
    },

    async remove(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined): Promise<void> {
      await db.transaction().execute((tx) => softDeleteRecord<Problem>(tx, ctx, { ...PROBLEM_SPEC, authorize: authorizeWrite(ctx.actor) }, id, expected));
    },
  };
}
