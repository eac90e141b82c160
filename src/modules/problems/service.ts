/** 技术难题/需求: who writes which problem, the references it names, its review start and stage changes, writing hints and the timeline. */
import type { Actor } from '../../auth/actor.js';
import type { Problem } from '../../db/tables.js';
import { shanghaiToday } from '../../domain/calendar.js';
import { problemHints } from '../../domain/problem-hints.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import { assertVersion, type ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext } from '../../db/changes.js';
import { lockLive, softDeleteRecord, updateRecord } from '../../db/records.js';
import { canWriteProblem, problemView } from '../../policy/problem-view.js';
import { stageReason as stageReasonOf } from '../../policy/stage-reasons.js';
import { insertProblems } from './insert.js';
import { findBureauLiaison, findVisibleProblem, insertStageHistory, listProblems } from './repository.js';
import type {
  CreateProblemInput,
  ListProblemsInput,
  ProblemView,
  ProblemWithHintsView,
  UpdateProblemInput,
} from './schemas.js';
import { assertTransition, PROBLEM_SPEC } from './stages.js';
import { problemTimeline } from './timeline.js';
import type { TimelineKind, TimelineView } from './timeline-schemas.js';
import { liveRow } from '../../db/live.js';

const LABEL = PROBLEM_SPEC.label;

/** Writes: the bureau any problem, an enterprise its own; others read as missing. */
export const authorizeProblemWrite = (actor: Actor) => (row: Problem) => {
  if (!canWriteProblem(actor, row)) throw notFound(LABEL);
};

const withHints = (view: ProblemView): ProblemWithHintsView => ({ ...view, hints: problemHints(view) });

export function problemService(deps: AppDeps) {
  const { db } = deps;

  /** The deadline rule the schema cannot hold (it needs today's date in Beijing); the message, or undefined. */
  function deadlineProblem(deadline: unknown): string | undefined {
    const day = typeof deadline === 'string' && /^\d{4}-\d\d-\d\d$/.test(deadline) ? deadline : undefined;
    return day && day < shanghaiToday(deps.now()) ? '期望完成日期不能早于今天' : undefined;
  }
  function assertDeadline(deadline: string | null | undefined) {
    const problem = deadlineProblem(deadline);
    if (problem) throw fieldError('deadline', problem);
  }

  /** The enterprise a new problem belongs to (the bureau names any live one; an enterprise user gets its own) and its liaison. */
  async function owningEnterprise(
    actor: Actor,
    requested: string | undefined,
  ): Promise<{ id: string; liaisonId: string | null }> {
    const id = actor.role === 'enterprise' ? actor.enterpriseId! : requested;
    if (actor.role === 'enterprise' && requested && requested !== id) throw fieldError('enterpriseId', '企业不存在');
    if (!id) throw fieldError('enterpriseId', '请指定发布企业');
    const found = await liveRow(db, 'enterprises', id, ['liaisonId']);
    if (!found) throw fieldError('enterpriseId', '企业不存在');
    return found;
  }

  async function get(viewer: Actor, id: string): Promise<ProblemView> {
    const row = await findVisibleProblem(db, viewer, id);
    if (!row) throw notFound(LABEL);
    return problemView(row, viewer);
  }

  /** The bureau and the owning enterprise (the problem's authors) only. */
  async function getForAuthor(viewer: Actor, id: string): Promise<ProblemView> {
    const view = await get(viewer, id);
    if (viewer.role !== 'bureau' && viewer.role !== 'enterprise') throw notFound(LABEL);
    return view;
  }

  return {
    deadlineProblem,
    get,

    async list(viewer: Actor, input: ListProblemsInput) {
      const filters = viewer.role === 'bureau' ? input : { ...input, enterpriseId: undefined };
      const { rows, offset } = await listProblems(db, filters, viewer);
      return toPage(rows, input, offset, (row) => problemView(row, viewer));
    },

    async history(viewer: Actor, id: string, kinds?: TimelineKind[]): Promise<TimelineView> {
      const row = await findVisibleProblem(db, viewer, id);
      if (!row) throw notFound(LABEL);
      return { items: await problemTimeline(db, viewer, row, kinds) };
    },

    async hints(viewer: Actor, id: string) {
      return { hints: problemHints(await getForAuthor(viewer, id)) };
    },

    /**
     * An enterprise's problem starts pending review (with a `submit` review row), or as its draft
     * (`draft: true`, no review row until submitted); the bureau's is published directly unless it asks
     * `publish: false`. A new problem inherits its enterprise's liaison.
     */
    async create(ctx: ChangeContext, input: CreateProblemInput): Promise<ProblemWithHintsView> {
      const { enterpriseId: requested, publish, draft, ...values } = input;
      if (publish !== undefined && ctx.actor.role !== 'bureau')
        throw new ApiError('forbidden', '企业发布的技术难题须经区科技局审核', [
          { path: 'publish', message: '仅区科技局可直接发布' },
        ]);
      if (draft && ctx.actor.role !== 'enterprise')
        throw new ApiError('forbidden', '草稿只对本企业可见，仅企业用户可保存草稿', [
          { path: 'draft', message: '仅企业用户可保存草稿' },
        ]);
      const enterprise = await owningEnterprise(ctx.actor, requested);
      assertDeadline(values.deadline);
      const reviewStatus = draft
        ? 'draft'
        : ctx.actor.role === 'bureau' && publish !== false
          ? 'published'
          : 'pending_review';
      const [row] = await db
        .transaction()
        .execute((tx) =>
          insertProblems(
            tx,
            ctx,
            [{ ...values, enterpriseId: enterprise.id, liaisonId: enterprise.liaisonId, postedAt: deps.now() }],
            reviewStatus,
          ),
        );
      return withHints(await get(ctx.actor, row!.id));
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: Omit<UpdateProblemInput, 'version'>,
    ): Promise<ProblemWithHintsView> {
      const { actor } = ctx;
      const { stage, stageReason, ...values } = patch;
      if (values.liaisonId !== undefined && actor.role !== 'bureau')
        throw new ApiError('forbidden', '仅区科技局可指定联络员', [{ path: 'liaisonId', message: '无权设置' }]);
      assertDeadline(values.deadline);
      await db.transaction().execute(async (tx) => {
        const before = await lockLive<Problem>(tx, { ...PROBLEM_SPEC, authorize: authorizeProblemWrite(actor) }, id);
        assertVersion(before.version, expected);
        if (actor.role !== 'bureau' && before.reviewStatus === 'rejected')
          throw new ApiError('conflict', '已驳回的技术难题不能修改，如有需要请重新发布');
        const changesStage = stage !== undefined && stage !== before.stage;
        if (changesStage) {
          if (before.reviewStatus === 'draft')
            throw new ApiError('conflict', '草稿还未提交审核，不能变更阶段；不需要时可直接删除', [
              { path: 'stage', message: '草稿不能变更阶段' },
            ]);
          if (actor.role !== 'bureau' && stage !== 'closed')
            throw new ApiError('forbidden', '企业用户只能关闭自己的技术难题', [
              { path: 'stage', message: '无权变更为该阶段' },
            ]);
          if (!stageReason) throw fieldError('stageReason', '变更阶段须填写原因');
          assertTransition(before.stage, stage);
        }
        if (values.liaisonId && !(await findBureauLiaison(tx, values.liaisonId)))
          throw fieldError('liaisonId', '联络员不存在或不是区科技局联络员');
        await updateRecord<Problem>(tx, ctx, PROBLEM_SPEC, id, expected, changesStage ? { ...values, stage } : values);
        if (changesStage)
          await insertStageHistory(tx, ctx, id, before.stage, stage, stageReasonOf.manual(stageReason!));
      });
      return withHints(await get(actor, id));
    },

    async remove(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined): Promise<void> {
      await db
        .transaction()
        .execute((tx) =>
          softDeleteRecord<Problem>(
            tx,
            ctx,
            { ...PROBLEM_SPEC, authorize: authorizeProblemWrite(ctx.actor) },
            id,
            expected,
          ),
        );
    },
  };
}
