/** 对接记录: the bureau records contacts between the sides and their follow-ups; each side reads the contacts about itself. */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { Contact, Database } from '../../db/tables.js';
import { shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, fieldError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import type { ExpectedVersion } from '../../http/versioning.js';
import type { ChangeContext, Tx } from '../../db/changes.js';
import { changeRecord, insertRecord, softDeleteRecord } from '../../db/records.js';
import { stageReason } from '../../policy/stage-reasons.js';
import { advanceStage } from '../problems/stages.js';
import { CONTACT_KIND_LABELS } from '../../domain/contacts.js';
import { type ContactRow, type ContactScope, findContact, listContacts, liveLiaisonIds } from './repository.js';
import type { ContactView, CreateContactInput, ListContactsInput, UpdateContactInput } from './schemas.js';
import { liveRow } from '../../db/live.js';
import { isDraft } from '../../policy/rules.js';

const LABEL = '对接记录';
const SPEC = { table: 'contacts', entity: 'contact', label: LABEL } as const;
const FOLLOW_UP_LABELS = { none: '无需跟进', pending: '待跟进', overdue: '跟进已逾期', done: '已跟进' } as const;
/** A contact is a record of what happened: a little clock skew is tolerated, the future is not. */
const SKEW_MS = 10 * 60 * 1000;

function canSee(viewer: Actor, row: Pick<ContactRow, 'enterpriseId' | 'labUniversityId'>): boolean {
  if (viewer.role === 'bureau') return true;
  if (viewer.role === 'enterprise') return viewer.enterpriseId === row.enterpriseId;
  return row.labUniversityId !== null && viewer.universityId === row.labUniversityId;
}

export function followUpState(
  row: Pick<Contact, 'followUpOn' | 'followUpDoneAt'>,
  today: string,
): keyof typeof FOLLOW_UP_LABELS {
  if (!row.followUpOn) return 'none';
  if (row.followUpDoneAt) return 'done';
  return row.followUpOn < today ? 'overdue' : 'pending';
}

export function toContactView(row: ContactRow, today: string): ContactView {
  const state = followUpState(row, today);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: CONTACT_KIND_LABELS[row.kind],
    occurredAt: row.occurredAt.toISOString(),
    enterpriseId: row.enterpriseId,
    enterprise: { id: row.enterpriseId, name: row.enterpriseName },
    labId: row.labId,
    lab:
      row.labId && row.labName && row.labUniversityId
        ? {
            id: row.labId,
            name: row.labName,
            university: { id: row.labUniversityId, name: row.labUniversityName ?? '' },
          }
        : null,
    problemId: row.problemId,
    problem: row.problemId && row.problemTitle ? { id: row.problemId, title: row.problemTitle } : null,
    liaisons: row.liaisons,
    participantNames: row.participantNames,
    summary: row.summary,
    outcome: row.outcome,
    nextStep: row.nextStep,
    followUpOn: row.followUpOn,
    followUpState: state,
    followUpStateLabel: FOLLOW_UP_LABELS[state],
    followUpDoneAt: row.followUpDoneAt?.toISOString() ?? null,
    followUpNote: row.followUpNote,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type Refs = Pick<Contact, 'enterpriseId' | 'labId' | 'problemId' | 'liaisonIds' | 'followUpOn'> & { occurredAt: Date };

export function contactService(deps: AppDeps) {
  const { db } = deps;
  const today = () => shanghaiToday(deps.now());

  /** References must be live; the problem must be the enterprise's; times must make sense. */
  async function assertRefs(exec: Kysely<Database>, v: Refs) {
    if (v.occurredAt.getTime() > deps.now().getTime() + SKEW_MS)
      throw fieldError('occurredAt', '对接时间不能晚于当前时间');
    if (v.followUpOn && v.followUpOn < shanghaiToday(v.occurredAt))
      throw fieldError('followUpOn', '跟进日期不能早于对接日期');
    if (!(await liveRow(exec, 'enterprises', v.enterpriseId))) throw fieldError('enterpriseId', '企业不存在');
    if (v.labId && !(await liveRow(exec, 'labs', v.labId))) throw fieldError('labId', '实验室不存在');
    if (v.problemId) {
      const p = await liveRow(exec, 'problems', v.problemId, ['enterpriseId', 'reviewStatus']);
      // A draft is its enterprise's alone until submitted: no contact can be about it yet.
      if (!p || isDraft(p) || p.enterpriseId !== v.enterpriseId)
        throw fieldError('problemId', '技术难题不存在或不属于该企业');
    }
    const live = await liveLiaisonIds(exec, v.liaisonIds);
    const missing = v.liaisonIds.findIndex((id) => !live.has(id));
    if (missing >= 0) throw fieldError(`liaisonIds.${missing}`, '联络员不存在');
  }

  /** The first contact on a problem moves it to contacted (only from an earlier stage). */
  const advance = (tx: Tx, ctx: ChangeContext, row: Contact) =>
    row.problemId ? advanceStage(tx, ctx, row.problemId, 'contacted', stageReason.contact(row)) : undefined;

  async function get(viewer: Actor, id: string): Promise<ContactView> {
    const row = await findContact(db, id);
    if (!row || !canSee(viewer, row)) throw notFound(LABEL);
    return toContactView(row, today());
  }

  return {
    get,

    async list(viewer: Actor, input: ListContactsInput) {
      const scope: ContactScope =
        viewer.role === 'enterprise'
          ? { enterpriseId: viewer.enterpriseId! }
          : viewer.role === 'university'
            ? { universityId: viewer.universityId! }
            : {};
      const d = today();
      const { rows, offset } = await listContacts(db, input, scope, d);
      return toPage(rows, input, offset, (row) => toContactView(row, d));
    },

    async create(ctx: ChangeContext, input: CreateContactInput): Promise<ContactView> {
      const values = {
        ...input,
        occurredAt: new Date(input.occurredAt),
        labId: input.labId ?? null,
        problemId: input.problemId ?? null,
        followUpOn: input.followUpOn ?? null,
      };
      await assertRefs(db, values);
      const row = await db.transaction().execute(async (tx) => {
        const created = await insertRecord<Contact>(tx, ctx, SPEC, { ...values, createdBy: ctx.actor.userId });
        await advance(tx, ctx, created);
        return created;
      });
      return get(ctx.actor, row.id);
    },

    async update(
      ctx: ChangeContext,
      id: string,
      expected: ExpectedVersion,
      patch: Omit<UpdateContactInput, 'version'>,
    ): Promise<ContactView> {
      const { occurredAt, ...rest } = patch;
      const values = { ...rest, ...(occurredAt !== undefined ? { occurredAt: new Date(occurredAt) } : {}) };
      await db.transaction().execute(async (tx) => {
        const { after } = await changeRecord<Contact>(tx, ctx, SPEC, id, expected, async (row) => {
          const merged = {
            ...row,
            ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
          } as Contact;
          await assertRefs(tx, merged);
          // A new follow-up date is a new follow-up: the old completion no longer answers it.
          const rescheduled = values.followUpOn !== undefined && values.followUpOn !== row.followUpOn;
          return rescheduled ? { ...values, followUpDoneAt: null, followUpNote: null } : values;
        });
        await advance(tx, ctx, after);
      });
      return get(ctx.actor, id);
    },

    /** Marks the follow-up done, with what came of it. */
    async completeFollowUp(
      ctx: ChangeContext,
      id: string,
      note: string | null,
      expected: ExpectedVersion | undefined,
    ): Promise<ContactView> {
      await db.transaction().execute((tx) =>
        changeRecord<Contact>(tx, ctx, SPEC, id, expected, (row) => {
          if (!row.followUpOn)
            throw new ApiError('conflict', '该对接记录没有计划跟进', [
              { path: 'followUpOn', message: '未设置跟进日期' },
            ]);
          if (row.followUpDoneAt) throw new ApiError('conflict', '该对接记录已完成跟进');
          return { followUpDoneAt: deps.now(), followUpNote: note };
        }),
      );
      return get(ctx.actor, id);
    },

    async remove(ctx: ChangeContext, id: string, expected: ExpectedVersion | undefined): Promise<void> {
      await db.transaction().execute((tx) => softDeleteRecord<Contact>(tx, ctx, SPEC, id, expected));
    },
  };
}
