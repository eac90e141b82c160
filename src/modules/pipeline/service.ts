/**
 * 撮合进度与跟进提醒: where every problem stands (stage, liaison, last activity, days since) and
 * what needs doing — overdue and upcoming follow-ups, problems gone quiet, registrations due.
 */
import type { ProblemStage, ReviewStatus } from '../../db/tables.js';
import { addDays, daysBetween, shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { toPage } from '../../db/pagination.js';
import { AGREEMENT_TYPE_LABELS } from '../../domain/agreements.js';
import { CONTACT_KIND_LABELS } from '../../domain/contacts.js';
import { REVIEW_STATUS_CODES, REVIEW_STATUS_LABELS } from '../../domain/review.js';
import { STAGE_CODES, STAGE_LABELS } from '../../domain/stages.js';
import { type FollowUpRow, listContactFollowUps, listRegistrationsDue } from './follow-ups-repository.js';
import {
  boardCards,
  countByReview,
  countByStage,
  listPipeline,
  type PipelineFilters,
  type PipelineRow,
} from './repository.js';
import type { FollowUpsInput, FollowUpsView, PipelineInput, PipelineItemView, PipelineView } from './schemas.js';

const DAY_MS = 86_400_000;
const ACTIVITY_LABELS: Record<PipelineItemView['lastActivityKind'], string> = {
  posted: '发布难题',
  stage: '阶段变更',
  review: '审核',
  interest: '合作意向',
  introduction: '推荐引荐',
  contact: '对接记录',
  agreement: '签订协议',
};
/** Problems still being brokered: after agreed, nothing is left to chase. */
const ACTIVE_STAGES: ProblemStage[] = ['open', 'matching', 'contacted', 'negotiating'];

export function pipelineService(deps: AppDeps) {
  const { db } = deps;

  const toItem =
    (now: Date) =>
    (r: Omit<PipelineRow, 'total'>): PipelineItemView => {
      const at = new Date(r.lastActivityAt);
      return {
        problem: {
          id: r.id,
          title: r.title,
          postedAt: r.postedAt.toISOString(),
          enterprise: { id: r.enterpriseId, name: r.enterpriseName },
        },
        stage: r.stage,
        stageLabel: STAGE_LABELS[r.stage],
        reviewStatus: r.reviewStatus,
        reviewStatusLabel: REVIEW_STATUS_LABELS[r.reviewStatus],
        liaison: r.liaisonId && r.liaisonName ? { id: r.liaisonId, name: r.liaisonName } : null,
        lastActivityAt: at.toISOString(),
        lastActivityKind: r.lastActivityKind as PipelineItemView['lastActivityKind'],
        lastActivityLabel: ACTIVITY_LABELS[r.lastActivityKind as PipelineItemView['lastActivityKind']],
        daysSinceActivity: Math.max(0, Math.floor((now.getTime() - at.getTime()) / DAY_MS)),
      };
    };

  const followUpItem = (today: string, overdue: boolean) => (r: FollowUpRow) => ({
    contactId: r.id,
    kind: r.kind,
    kindLabel: CONTACT_KIND_LABELS[r.kind],
    occurredAt: r.occurredAt.toISOString(),
    followUpOn: r.followUpOn,
    days: overdue ? daysBetween(r.followUpOn, today) : daysBetween(today, r.followUpOn),
    summary: r.summary,
    nextStep: r.nextStep,
    enterprise: { id: r.enterpriseId, name: r.enterpriseName },
    problem: r.problemId && r.problemTitle ? { id: r.problemId, title: r.problemTitle } : null,
    lab: r.labId && r.labName ? { id: r.labId, name: r.labName } : null,
    liaisons: r.liaisons,
  });

  const section = <R extends { total: unknown }, T>(rows: R[], map: (r: R) => T) => ({
    items: rows.map(map),
    total: rows.length ? Number(rows[0]!.total) : 0,
  });

  const filtersOf = (input: Omit<PipelineInput, 'limit' | 'sort'>, now: Date): PipelineFilters => ({
    liaisonId: input.liaisonId,
    enterpriseId: input.enterpriseId,
    stage: input.stage,
    reviewStatus: input.reviewStatus?.length ? input.reviewStatus : ['published'],
    activityBefore: input.staleDays ? new Date(now.getTime() - input.staleDays * DAY_MS) : undefined,
    domains: input.domains,
    postedFrom: input.postedFrom,
    postedTo: input.postedTo,
  });

  return {
    /**
     * The kanban: each stage's count and its `perStage` quietest-first cards (longest without
     * activity first: those need a look), under the same filters as `pipeline`.
     */
    async board(input: Omit<PipelineInput, 'limit' | 'sort' | 'cursor'>, perStage: number) {
      const now = deps.now();
      const filters = filtersOf(input, now);
      const stages = STAGE_CODES.filter((s) => !input.stage?.length || input.stage.includes(s));
      const [counts, cards] = await Promise.all([countByStage(db, filters), boardCards(db, filters, perStage)]);
      const count = new Map(counts.map((s) => [s.stage, Number(s.count)]));
      const lists = stages.map((stage) => ({ rows: cards.filter((r) => r.stage === stage) }));
      return {
        asOf: shanghaiToday(now),
        columns: stages.map((stage, i) => ({
          stage,
          label: STAGE_LABELS[stage],
          count: count.get(stage) ?? 0,
          items: lists[i]!.rows.slice(0, perStage).map(toItem(now)),
        })),
      };
    },

    async pipeline(input: PipelineInput): Promise<PipelineView> {
      const now = deps.now();
      const filters = filtersOf(input, now);
      const [{ rows, offset }, stages, review] = await Promise.all([
        listPipeline(db, filters, input),
        countByStage(db, filters),
        countByReview(db, filters),
      ]);
      const stageCount = new Map(stages.map((s) => [s.stage, Number(s.count)]));
      const reviewCount = new Map(review.map((s) => [s.reviewStatus, Number(s.count)]));
      return {
        asOf: shanghaiToday(now),
        stages: STAGE_CODES.map((stage) => ({ stage, label: STAGE_LABELS[stage], count: stageCount.get(stage) ?? 0 })),
        // Drafts are their enterprise's alone and never in the pipeline: no 草稿 count either.
        review: REVIEW_STATUS_CODES.filter((s) => s !== 'draft').map((status: ReviewStatus) => ({
          status,
          label: REVIEW_STATUS_LABELS[status],
          count: reviewCount.get(status) ?? 0,
        })),
        ...toPage(rows, input, offset, toItem(now)),
      };
    },

    async followUps(input: FollowUpsInput): Promise<FollowUpsView> {
      const now = deps.now();
      const today = shanghaiToday(now);
      const { liaisonId, limit } = input;
      const [overdue, upcoming, stale, registrations] = await Promise.all([
        listContactFollowUps(db, { to: addDays(today, -1), liaisonId, limit }),
        listContactFollowUps(db, { from: today, to: addDays(today, input.days), liaisonId, limit }),
        listPipeline(
          db,
          {
            liaisonId,
            stage: ACTIVE_STAGES,
            reviewStatus: ['published'],
            activityBefore: new Date(now.getTime() - input.staleDays * DAY_MS),
          },
          { limit, sort: 'lastActivityAt' },
        ),
        listRegistrationsDue(db, { dueBy: addDays(today, input.registrationDays), liaisonId, limit }),
      ]);
      return {
        asOf: today,
        overdue: section(overdue, followUpItem(today, true)),
        upcoming: section(upcoming, followUpItem(today, false)),
        stale: {
          items: stale.rows.slice(0, limit).map(toItem(now)),
          total: stale.rows.length ? Number(stale.rows[0]!.total) : 0,
        },
        registrations: section(registrations, (r) => {
          const daysLeft = daysBetween(today, r.registrationDueOn);
          return {
            agreementId: r.id,
            title: r.title,
            typeLabel: AGREEMENT_TYPE_LABELS[r.type],
            enterprise: { id: r.enterpriseId, name: r.enterpriseName },
            university: { id: r.universityId, name: r.universityName },
            signedOn: r.signedOn,
            dueOn: r.registrationDueOn,
            daysLeft,
            overdue: daysLeft < 0,
          };
        }),
      };
    },
  };
}
