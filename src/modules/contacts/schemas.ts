/** 对接记录: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { optionalText, sizedText, text } from '../../http/common-fields.js';
import {
  csv,
  DateString,
  DateTimeString,
  listOf,
  Meta,
  PageQuery,
  sortParam,
  VersionField,
} from '../../http/schemas.js';
import { CONTACT_KINDS } from '../../domain/contacts.js';

const Uuid = z.uuid({ message: '须为合法的 UUID' });
const Ref = z.object({ id: z.uuid(), name: z.string() });

export const ContactKind = z.enum(CONTACT_KINDS, {
  message: 'kind 须为 visit（上门服务）、meeting（座谈）、call（电话）、event（活动）或 online（线上）',
});
export const FOLLOW_UP_STATES = ['none', 'pending', 'overdue', 'done'] as const;
export const FollowUpState = z.enum(FOLLOW_UP_STATES, { message: '须为 none、pending、overdue 或 done' });

const fields = {
  kind: ContactKind,
  occurredAt: DateTimeString('时间格式须为 ISO 8601，例如 2026-03-02T10:00:00+08:00').openapi({
    description: '对接时间，不晚于当前',
  }),
  enterpriseId: Uuid,
  labId: Uuid.nullish().openapi({ description: '参与的实验室/团队' }),
  problemId: Uuid.nullish().openapi({ description: '所涉技术难题（须属于该企业）；首次对接使其进入「已对接」' }),
  liaisonIds: z
    .array(Uuid)
    .max(10, '联络员最多 10 位')
    .openapi({ description: '参与的联络员（区科技局、高校或企业）' }),
  participantNames: z
    .array(text(50, '参与人'))
    .max(20, '参与人最多 20 位')
    .openapi({ description: '其他参与人姓名（可注明单位）' }),
  summary: sizedText(2, 2000, '对接内容'),
  outcome: optionalText(1000, '对接结果'),
  nextStep: optionalText(500, '下一步'),
  followUpOn: DateString.nullish().openapi({ description: '计划跟进日期 YYYY-MM-DD' }),
};

export const CreateContact = z
  .strictObject({
    ...fields,
    liaisonIds: fields.liaisonIds.default([]),
    participantNames: fields.participantNames.default([]),
  })
  .openapi('CreateContact', {
    example: {
      kind: 'visit',
      occurredAt: '2026-03-02T10:00:00+08:00',
      enterpriseId: '0b9f5c8e-4a9b-4d3c-9c1e-2f7d6a1b2c3d',
      summary: '上门了解注塑件表面缺陷检测需求，现场查看产线。',
      nextStep: '推荐两家视觉检测团队',
      followUpOn: '2026-03-16',
    },
  });

export const UpdateContact = z
  .strictObject({ ...fields, version: VersionField })
  .partial()
  .openapi('UpdateContact');

export const CompleteFollowUp = z
  .strictObject({ note: optionalText(500, '跟进情况'), version: VersionField })
  .openapi('CompleteFollowUp');

export const Contact = z
  .object({
    ...Meta,
    kind: ContactKind,
    kindLabel: z.string(),
    occurredAt: z.string().openapi({ format: 'date-time' }),
    enterpriseId: z.uuid(),
    enterprise: Ref,
    labId: z.uuid().nullable(),
    lab: Ref.extend({ university: Ref }).nullable(),
    problemId: z.uuid().nullable(),
    problem: z.object({ id: z.uuid(), title: z.string() }).nullable(),
    liaisons: z
      .array(Ref.extend({ side: z.string() }))
      .openapi({ description: '参与的联络员（仅姓名，不含联系方式）' }),
    participantNames: z.array(z.string()),
    summary: z.string(),
    outcome: z.string().nullable(),
    nextStep: z.string().nullable(),
    followUpOn: z.string().nullable(),
    followUpState: FollowUpState,
    followUpStateLabel: z.string(),
    followUpDoneAt: z.string().nullable(),
    followUpNote: z.string().nullable(),
  })
  .openapi('Contact');

export const ContactList = listOf(Contact, 'ContactList');

export const CONTACT_SORTS = ['occurredAt', 'followUpOn', 'createdAt'] as const;

export const ListContactsQuery = PageQuery.extend({
  enterpriseId: Uuid.optional(),
  labId: Uuid.optional(),
  problemId: Uuid.optional(),
  liaisonId: Uuid.optional().openapi({ description: '有该联络员参与' }),
  kind: csv(ContactKind).openapi({ description: '类型，逗号分隔' }),
  from: DateString.optional().openapi({ description: '对接日期（北京时间）起' }),
  to: DateString.optional().openapi({ description: '对接日期（北京时间）止，含当天' }),
  followUp: FollowUpState.optional().openapi({
    description: '跟进状态：pending 待跟进、overdue 已逾期、done 已完成、none 无需跟进',
  }),
  sort: sortParam(CONTACT_SORTS, '-occurredAt'),
});

export type CreateContactInput = z.infer<typeof CreateContact>;
export type UpdateContactInput = z.infer<typeof UpdateContact>;
export type ListContactsInput = z.infer<typeof ListContactsQuery>;
export type ContactView = z.infer<typeof Contact>;
