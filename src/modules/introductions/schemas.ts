/** 推荐与引荐: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { optionalText, sizedText } from '../../http/common-fields.js';
import { csv, listOf, Meta, PageQuery, sortParam, VersionField } from '../../http/schemas.js';
import { Stage } from '../problems/schemas.js';
import { INTRODUCTION_SOURCES, INTRODUCTION_STATUSES } from '../../domain/introductions.js';

const Uuid = z.uuid({ message: '须为合法的 UUID' });
const Ref = z.object({ id: z.uuid(), name: z.string() });
const Side = z.enum(['enterprise', 'university']);

export const IntroductionStatus = z
  .enum(INTRODUCTION_STATUSES, { message: `状态无效，可选：${INTRODUCTION_STATUSES.join('、')}` })
  .openapi({
    description: 'shortlisted 候选 · introduced 已引荐 · accepted 双方同意对接 · declined 已婉拒 · withdrawn 已撤销',
  });
export const IntroductionSource = z.enum(INTRODUCTION_SOURCES, {
  message: 'source 须为 match（系统推荐）、interest（高校意向）或 manual（人工推荐）',
});

const Score = z.number({ message: '须为数字' }).min(0, '不能为负').max(1000, '不超过 1000');

export const CreateIntroduction = z
  .strictObject({
    problemId: Uuid.openapi({ description: '已发布、未关闭的技术难题' }),
    labId: Uuid,
    source: IntroductionSource,
    interestId: Uuid.optional().openapi({ description: 'source=interest 时可填；省略则取该实验室对此难题的有效意向' }),
    matchScore: Score.nullish().openapi({ description: 'source=match 时的匹配得分' }),
    note: optionalText(1000, '推荐理由'),
    introduce: z
      .boolean({ message: 'introduce 须为 true 或 false' })
      .default(false)
      .openapi({ description: 'true 则直接引荐（双方可见彼此身份与联系方式），否则先列入候选' }),
  })
  .refine((v) => v.interestId === undefined || v.source === 'interest', {
    path: ['interestId'],
    message: '仅 source=interest 时填写',
  })
  .openapi('CreateIntroduction');

export const UpdateIntroduction = z
  .strictObject({ note: optionalText(1000, '推荐理由'), matchScore: Score.nullable(), version: VersionField })
  .partial()
  .openapi('UpdateIntroduction');

export const IntroduceBody = z.strictObject({ version: VersionField }).openapi('Introduce');
export const AcceptBody = z.strictObject({ version: VersionField }).openapi('AcceptIntroduction');
export const DeclineBody = z
  .strictObject({ reason: sizedText(2, 500, '婉拒原因'), version: VersionField })
  .openapi('DeclineIntroduction', { example: { reason: '团队近期满负荷，无法在企业要求的周期内完成。' } });
export const WithdrawBody = z
  .strictObject({ reason: sizedText(2, 500, '撤销原因'), version: VersionField })
  .openapi('WithdrawIntroduction');

const PersonContact = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

export const Introduction = z
  .object({
    ...Meta,
    problemId: z.uuid(),
    problem: z.object({ id: z.uuid(), title: z.string(), stage: Stage, stageLabel: z.string() }),
    labId: z.uuid(),
    lab: Ref,
    university: Ref,
    enterprise: Ref.extend({ contact: PersonContact })
      .nullable()
      .openapi({ description: '企业身份与联系人：引荐后对该实验室所属高校可见' }),
    labContact: PersonContact.nullable().openapi({ description: '实验室联系人：引荐后对企业可见' }),
    source: IntroductionSource,
    sourceLabel: z.string(),
    interestId: z.uuid().nullable(),
    matchScore: z.number().nullable(),
    note: z.string().nullable(),
    status: IntroductionStatus,
    statusLabel: z.string(),
    introducedAt: z.string().nullable(),
    enterpriseResponse: z.enum(['accepted', 'declined']).nullable(),
    enterpriseRespondedAt: z.string().nullable(),
    universityResponse: z.enum(['accepted', 'declined']).nullable(),
    universityRespondedAt: z.string().nullable(),
    declinedBy: Side.nullable(),
    declinedByLabel: z.string().nullable(),
    declineReason: z.string().nullable().openapi({ description: '婉拒原因：另一方与区科技局可见' }),
    withdrawnAt: z.string().nullable(),
    withdrawReason: z.string().nullable(),
  })
  .openapi('Introduction');

export const IntroductionList = listOf(Introduction, 'IntroductionList');

export const INTRODUCTION_SORTS = ['createdAt', 'updatedAt', 'introducedAt'] as const;

export const ListIntroductionsQuery = PageQuery.extend({
  problemId: Uuid.optional(),
  labId: Uuid.optional(),
  universityId: Uuid.optional().openapi({ description: '仅区科技局可用' }),
  enterpriseId: Uuid.optional().openapi({ description: '仅区科技局可用' }),
  status: csv(IntroductionStatus).openapi({ description: '状态，逗号分隔' }),
  source: IntroductionSource.optional(),
  sort: sortParam(INTRODUCTION_SORTS, '-createdAt'),
});

export type CreateIntroductionInput = z.infer<typeof CreateIntroduction>;
export type UpdateIntroductionInput = z.infer<typeof UpdateIntroduction>;
export type ListIntroductionsInput = z.infer<typeof ListIntroductionsQuery>;
export type IntroductionView = z.infer<typeof Introduction>;
