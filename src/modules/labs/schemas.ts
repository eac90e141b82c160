/** 实验室/团队/平台: request and response schemas. */
import { z } from '@hono/zod-openapi';
import {
  DomainCode,
  DomainList,
  Email,
  optionalText,
  Phone,
  queryText,
  sizedText,
  TermList,
  text,
} from '../../http/common-fields.js';
import { csv, listOf, Meta, PageQuery, sortParam, VersionField } from '../../http/schemas.js';
import { UniversityKind } from '../universities/schemas.js';

const Uuid = z.uuid({ message: '须为合法的 UUID' });

const fields = {
  name: text(100, '名称'),
  leader: optionalText(50, '负责人'),
  domains: DomainList(),
  keywords: TermList('关键词'),
  summary: sizedText(10, 5000, '简介'),
  equipment: z.array(text(200, '设备')).max(50, '设备最多 50 项'),
  achievements: z.array(text(500, '成果')).max(50, '成果最多 50 项'),
  contactName: optionalText(50, '联系人'),
  contactPhone: Phone.nullish(),
  contactEmail: Email.nullish(),
};

export const CreateLab = z
  .strictObject({
    universityId: Uuid.optional().openapi({ description: '所属高校/院所；高校联络员可省略（默认本校）' }),
    ...fields,
    equipment: fields.equipment.optional(),
    achievements: fields.achievements.optional(),
  })
  .openapi('CreateLab', {
    example: {
      universityId: '0b9f5c8e-4a9b-4d3c-9c1e-2f7d6a1b2c3d',
      name: '智能制造实验室',
      domains: ['advanced_manufacturing'],
      keywords: ['机器视觉'],
      summary: '面向离散制造的智能装备与机器视觉检测研究团队。',
    },
  });

export const UpdateLab = z
  .strictObject({
    universityId: Uuid.openapi({ description: '不可修改，仅可与当前一致' }),
    ...fields,
    version: VersionField,
  })
  .partial()
  .openapi('UpdateLab');

export const Lab = z
  .object({
    ...Meta,
    universityId: z.uuid(),
    university: z.object({ id: z.uuid(), name: z.string(), kind: UniversityKind, city: z.string().nullable() }),
    name: z.string(),
    leader: z.string().nullable(),
    domains: z.array(z.string()),
    keywords: z.array(z.string()),
    summary: z.string(),
    equipment: z.array(z.string()),
    achievements: z.array(z.string()),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    contactEmail: z.string().nullable(),
    contactWithheld: z
      .boolean()
      .openapi({ description: 'true 表示联系方式已隐去：仅区科技局、本校，以及经区科技局引荐过该实验室的企业可见' }),
  })
  .openapi('Lab');

export const LabList = listOf(Lab, 'LabList');

export const LAB_SORTS = ['name', 'createdAt', 'updatedAt'] as const;

export const ListLabsQuery = PageQuery.extend({
  universityId: Uuid.optional(),
  domains: csv(DomainCode).openapi({ description: '技术领域代码，逗号分隔，任一匹配' }),
  keyword: queryText(40, '关键词').openapi({ description: '关键词（完全一致）' }),
  q: queryText(100, '关键词').openapi({ description: '名称或简介包含' }),
  city: queryText(50, '城市').openapi({ description: '所属高校所在城市' }),
  sort: sortParam(LAB_SORTS, 'name'),
});

export type CreateLabInput = z.infer<typeof CreateLab>;
export type UpdateLabInput = z.infer<typeof UpdateLab>;
export type ListLabsInput = z.infer<typeof ListLabsQuery>;
export type LabView = z.infer<typeof Lab>;
