/** 共建研发中心: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { optionalText, sizedText, text } from '../../http/common-fields.js';
import { csv, DateString, listOf, Meta, PageQuery, sortParam, VersionField } from '../../http/schemas.js';
import { CENTRE_KINDS, CENTRE_LEVELS, CENTRE_STATUSES } from '../../domain/centres.js';

const Uuid = z.uuid({ message: '须为合法的 UUID' });
const Ref = z.object({ id: z.uuid(), name: z.string() });

export const CentreKind = z.enum(CENTRE_KINDS, {
  message: 'kind 须为 rd_centre（研发中心）、engineering_centre（工程技术研究中心）或 key_lab（重点实验室）',
});
export const CentreLevel = z.enum(CENTRE_LEVELS, {
  message: 'level 须为 district（区级）、city（市级）、province（省级）或 national（国家级）',
});
export const CentreStatus = z
  .enum(CENTRE_STATUSES, { message: `状态无效，可选：${CENTRE_STATUSES.join('、')}` })
  .openapi({ description: 'planned 筹建 · building 建设中 · operating 运行中 · recognized 已认定 · revoked 已撤销' });

const editable = {
  name: text(200, '中心名称'),
  kind: CentreKind,
  labId: Uuid.nullish().openapi({ description: '依托的实验室/团队（须属于该高校）' }),
  agreementId: Uuid.nullish().openapi({ description: '由哪份合作协议发展而来（须为同一企业与高校）' }),
  plannedOn: DateString.nullish().openapi({ description: '立项/筹建日期' }),
  summary: optionalText(2000, '简介'),
};

export const CreateCentre = z
  .strictObject({
    ...editable,
    enterpriseId: Uuid,
    universityId: Uuid,
    level: CentreLevel.openapi({ description: '建设/申报级别；之后的升级用 POST /centres/{id}/level 记录' }),
  })
  .openapi('CreateCentre', {
    example: {
      name: '智能视觉检测联合研发中心',
      kind: 'rd_centre',
      enterpriseId: '0b9f5c8e-4a9b-4d3c-9c1e-2f7d6a1b2c3d',
      universityId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      level: 'district',
    },
  });

export const UpdateCentre = z
  .strictObject({
    ...editable,
    status: CentreStatus.openapi({ description: '向后推进（可跳过）；任何状态可撤销（须填 statusNote）' }),
    statusOn: DateString.openapi({
      description: '状态变更日期（默认今天）：运行中记为成立日期，已认定记为认定日期，已撤销记为撤销日期',
    }),
    statusNote: sizedText(2, 500, '状态说明'),
    version: VersionField,
  })
  .partial()
  .refine((v) => (v.statusOn === undefined && v.statusNote === undefined) || v.status !== undefined, {
    path: ['status'],
    message: '填写 statusOn 或 statusNote 时须同时给出 status',
  })
  .openapi('UpdateCentre');

export const UpgradeLevel = z
  .strictObject({
    level: CentreLevel,
    effectiveOn: DateString.openapi({ description: '认定（升级）日期' }),
    documentNo: optionalText(100, '认定文号'),
    note: optionalText(500, '说明'),
    version: VersionField,
  })
  .openapi('UpgradeCentreLevel', {
    example: { level: 'city', effectiveOn: '2026-10-15', documentNo: '市科技〔2026〕88号' },
  });

export const Centre = z
  .object({
    ...Meta,
    name: z.string(),
    kind: CentreKind,
    kindLabel: z.string(),
    enterpriseId: z.uuid(),
    enterprise: Ref,
    universityId: z.uuid(),
    university: Ref,
    labId: z.uuid().nullable(),
    lab: Ref.nullable(),
    agreementId: z.uuid().nullable(),
    agreement: z.object({ id: z.uuid(), title: z.string() }).nullable(),
    level: CentreLevel,
    levelLabel: z.string(),
    status: CentreStatus,
    statusLabel: z.string(),
    plannedOn: z.string().nullable(),
    establishedOn: z.string().nullable(),
    recognizedOn: z.string().nullable().openapi({ description: '当前级别的认定日期' }),
    revokedOn: z.string().nullable(),
    summary: z.string().nullable(),
  })
  .openapi('Centre');

export const CentreList = listOf(Centre, 'CentreList');

export const CentreHistory = z
  .object({
    items: z.array(
      z.object({
        kind: z.enum(['status', 'level']),
        kindLabel: z.string(),
        from: z.string().nullable(),
        fromLabel: z.string().nullable(),
        to: z.string(),
        toLabel: z.string(),
        effectiveOn: z.string().nullable(),
        documentNo: z.string().nullable(),
        note: z.string().nullable(),
        actorName: z.string(),
        at: z.string().openapi({ format: 'date-time' }),
      }),
    ),
  })
  .openapi('CentreHistory');

export const CENTRE_SORTS = ['name', 'createdAt', 'recognizedOn'] as const;

export const ListCentresQuery = PageQuery.extend({
  enterpriseId: Uuid.optional(),
  universityId: Uuid.optional(),
  agreementId: Uuid.optional(),
  kind: csv(CentreKind).openapi({ description: '类型，逗号分隔' }),
  level: csv(CentreLevel).openapi({ description: '级别，逗号分隔' }),
  status: csv(CentreStatus).openapi({ description: '状态，逗号分隔' }),
  sort: sortParam(CENTRE_SORTS, 'name'),
});

export type CreateCentreInput = z.infer<typeof CreateCentre>;
export type UpdateCentreInput = z.infer<typeof UpdateCentre>;
export type UpgradeLevelInput = z.infer<typeof UpgradeLevel>;
export type ListCentresInput = z.infer<typeof ListCentresQuery>;
export type CentreView = z.infer<typeof Centre>;
export type CentreHistoryView = z.infer<typeof CentreHistory>;
