/** 校企合作协议: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { optionalText, sizedText, text } from '../../http/common-fields.js';
import { csv, DateString, listOf, Meta, PageQuery, sortParam, VersionField } from '../../http/schemas.js';
import { Stage } from '../problems/schemas.js';
import {
  AGREEMENT_STATUSES,
  AGREEMENT_TYPES,
  DEVELOPMENT_MODES,
  REGISTRATION_DAYS,
  REGISTRATION_STATES,
} from '../../domain/agreements.js';

const Uuid = z.uuid({ message: '须为合法的 UUID' });
const Ref = z.object({ id: z.uuid(), name: z.string() });

export const AgreementType = z
  .enum(AGREEMENT_TYPES, { message: `协议类型无效，可选：${AGREEMENT_TYPES.join('、')}` })
  .openapi({
    description:
      'development 技术开发 · transfer 技术转让 · licence 技术许可 · consulting 技术咨询 · service 技术服务 · joint_platform 共建平台',
  });
export const DevelopmentMode = z.enum(DEVELOPMENT_MODES, {
  message: 'developmentMode 须为 commissioned（委托开发）或 joint（合作开发）',
});
export const AgreementStatus = z
  .enum(AGREEMENT_STATUSES, { message: `状态无效，可选：${AGREEMENT_STATUSES.join('、')}` })
  .openapi({ description: 'signed 已签订 · in_progress 履行中 · completed 已完成 · terminated 已终止' });
export const RegistrationState = z.enum(REGISTRATION_STATES, {
  message: `登记状态无效，可选：${REGISTRATION_STATES.join('、')}`,
});

const fields = {
  title: text(200, '协议名称'),
  type: AgreementType,
  developmentMode: DevelopmentMode.nullish().openapi({
    description: '技术开发协议必填：commissioned 委托开发、joint 合作开发；其他类型不填',
  }),
  enterpriseId: Uuid,
  universityId: Uuid,
  labId: Uuid.nullish().openapi({ description: '承担的实验室/团队（须属于该高校）' }),
  problemIds: z
    .array(Uuid)
    .max(20, '最多关联 20 项技术难题')
    .openapi({ description: '协议解决的技术难题（须属于该企业）；签订使其进入「已签约」' }),
  amountWan: z
    .number({ message: '金额须为数字（万元）' })
    .min(0, '金额不能为负')
    .max(1e7, '金额过大')
    .nullish()
    .openapi({ description: '合同金额（万元）' }),
  signedOn: DateString.openapi({ description: `签订日期，不晚于今天；认定登记截止为其后 ${REGISTRATION_DAYS} 天` }),
  startOn: DateString.nullish().openapi({ description: '履行期限起' }),
  endOn: DateString.nullish().openapi({ description: '履行期限止' }),
  summary: optionalText(2000, '协议概要'),
};

export const CreateAgreement = z
  .strictObject({ ...fields, problemIds: fields.problemIds.default([]) })
  .openapi('CreateAgreement', {
    example: {
      title: '注塑件表面缺陷视觉检测系统委托开发合同',
      type: 'development',
      developmentMode: 'commissioned',
      enterpriseId: '0b9f5c8e-4a9b-4d3c-9c1e-2f7d6a1b2c3d',
      universityId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      problemIds: [],
      amountWan: 45,
      signedOn: '2026-03-20',
    },
  });

export const UpdateAgreement = z
  .strictObject({
    ...fields,
    status: AgreementStatus.openapi({
      description: 'signed → in_progress → completed；signed/in_progress → terminated',
    }),
    statusNote: sizedText(2, 500, '状态说明').openapi({ description: '终止时必填' }),
    registeredOn: DateString.nullable().openapi({ description: '技术合同认定登记日期' }),
    registrationNo: text(50, '登记编号').nullable().openapi({ description: '技术合同登记编号' }),
    version: VersionField,
  })
  .partial()
  .openapi('UpdateAgreement');

export const Agreement = z
  .object({
    ...Meta,
    title: z.string(),
    type: AgreementType,
    typeLabel: z.string(),
    developmentMode: DevelopmentMode.nullable(),
    developmentModeLabel: z.string().nullable(),
    enterpriseId: z.uuid(),
    enterprise: Ref,
    universityId: z.uuid(),
    university: Ref,
    labId: z.uuid().nullable(),
    lab: Ref.nullable(),
    problemIds: z.array(z.uuid()),
    problems: z.array(z.object({ id: z.uuid(), title: z.string(), stage: Stage, stageLabel: z.string() })),
    amountWan: z.number().nullable(),
    signedOn: z.string(),
    startOn: z.string().nullable(),
    endOn: z.string().nullable(),
    status: AgreementStatus,
    statusLabel: z.string(),
    statusNote: z.string().nullable(),
    summary: z.string().nullable(),
    registration: z.object({
      dueOn: z.string().openapi({ description: `认定登记截止日（签订后 ${REGISTRATION_DAYS} 天）` }),
      registeredOn: z.string().nullable(),
      registrationNo: z.string().nullable(),
      state: RegistrationState,
      stateLabel: z.string(),
      daysLeft: z
        .number()
        .int()
        .nullable()
        .openapi({ description: '距截止的天数（负数为已逾期）；已登记或无需登记时为 null' }),
    }),
  })
  .openapi('Agreement');

export const AgreementList = listOf(Agreement, 'AgreementList');

export const AGREEMENT_SORTS = ['signedOn', 'amountWan', 'registrationDueOn', 'createdAt'] as const;

export const ListAgreementsQuery = PageQuery.extend({
  enterpriseId: Uuid.optional(),
  universityId: Uuid.optional(),
  labId: Uuid.optional(),
  problemId: Uuid.optional(),
  type: csv(AgreementType).openapi({ description: '类型，逗号分隔' }),
  status: csv(AgreementStatus).openapi({ description: '状态，逗号分隔' }),
  registration: RegistrationState.optional().openapi({ description: '认定登记状态' }),
  signedFrom: DateString.optional(),
  signedTo: DateString.optional(),
  sort: sortParam(AGREEMENT_SORTS, '-signedOn'),
});

export type CreateAgreementInput = z.infer<typeof CreateAgreement>;
export type UpdateAgreementInput = z.infer<typeof UpdateAgreement>;
export type ListAgreementsInput = z.infer<typeof ListAgreementsQuery>;
export type AgreementView = z.infer<typeof Agreement>;
