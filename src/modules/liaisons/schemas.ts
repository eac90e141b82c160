/** 联络员: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { Email, optionalText, Phone, queryText, text } from '../../http/common-fields.js';
import { listOf, Meta, PageQuery, sortParam, VersionField } from '../../http/schemas.js';

export const LiaisonSide = z.enum(['bureau', 'university', 'enterprise'], {
  message: 'side 须为 bureau（区科技局）、university（高校/院所）或 enterprise（企业）',
});

const Uuid = z.uuid({ message: '须为合法的 UUID' });

const fields = {
  side: LiaisonSide.openapi({ description: '所属方；创建后不可修改' }),
  name: text(50, '姓名'),
  title: optionalText(50, '职务'),
  phone: Phone.nullish(),
  email: Email.nullish(),
  universityId: Uuid.nullish().openapi({ description: 'side=university 时必填；高校用户可省略，默认本校' }),
  enterpriseId: Uuid.nullish().openapi({ description: 'side=enterprise 时必填；企业用户可省略，默认本企业' }),
  userId: Uuid.nullish().openapi({ description: '关联的平台用户（须属于同一单位）' }),
  active: z
    .boolean({ message: 'active 须为 true 或 false' })
    .optional()
    .openapi({ description: '是否在任，默认 true' }),
};

export const CreateLiaison = z.strictObject(fields).openapi('CreateLiaison', {
  example: {
    side: 'university',
    name: '王老师',
    title: '科技处副处长',
    phone: '0571-88000000',
    universityId: '0b9f5c8e-4a9b-4d3c-9c1e-2f7d6a1b2c3d',
  },
});

export const UpdateLiaison = z
  .strictObject({ ...fields, version: VersionField })
  .partial()
  .openapi('UpdateLiaison');

export const Liaison = z
  .object({
    ...Meta,
    side: LiaisonSide,
    name: z.string(),
    title: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    universityId: z.string().nullable(),
    enterpriseId: z.string().nullable(),
    userId: z.string().nullable(),
    active: z.boolean(),
  })
  .openapi('Liaison');

export const LiaisonList = listOf(Liaison, 'LiaisonList');

export const LIAISON_SORTS = ['name', 'createdAt'] as const;

export const ListLiaisonsQuery = PageQuery.extend({
  side: LiaisonSide.optional(),
  universityId: Uuid.optional(),
  enterpriseId: Uuid.optional(),
  active: z.enum(['true', 'false'], { message: '须为 true 或 false' }).optional(),
  q: queryText(50, '姓名').openapi({ description: '姓名包含' }),
  sort: sortParam(LIAISON_SORTS, 'name'),
});

export type CreateLiaisonInput = z.infer<typeof CreateLiaison>;
export type UpdateLiaisonInput = z.infer<typeof UpdateLiaison>;
export type ListLiaisonsInput = z.infer<typeof ListLiaisonsQuery>;
export type LiaisonView = z.infer<typeof Liaison>;
