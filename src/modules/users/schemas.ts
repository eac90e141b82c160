/** 用户与令牌: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { text } from '../../http/common-fields.js';
import { listOf, PageQuery, sortParam, VersionField } from '../../http/schemas.js';

export const RoleSchema = z.enum(['bureau', 'university', 'enterprise'], {
  message: 'role 须为 bureau、university 或 enterprise',
});

export const CreateUser = z
  .strictObject({
    name: text(50, '姓名'),
    role: RoleSchema,
    enterpriseId: z.uuid({ message: '须为合法的 UUID' }).optional().openapi({ description: 'role=enterprise 时必填' }),
    universityId: z.uuid({ message: '须为合法的 UUID' }).optional().openapi({ description: 'role=university 时必填' }),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'enterprise' && !v.enterpriseId)
      ctx.addIssue({ code: 'custom', path: ['enterpriseId'], message: '企业用户须绑定 enterpriseId' });
    if (v.role === 'university' && !v.universityId)
      ctx.addIssue({ code: 'custom', path: ['universityId'], message: '高校联络员须绑定 universityId' });
    if (v.role !== 'enterprise' && v.enterpriseId)
      ctx.addIssue({ code: 'custom', path: ['enterpriseId'], message: '仅企业用户可绑定企业' });
    if (v.role !== 'university' && v.universityId)
      ctx.addIssue({ code: 'custom', path: ['universityId'], message: '仅高校联络员可绑定高校' });
  })
  .openapi('CreateUser', {
    example: { name: '李明', role: 'enterprise', enterpriseId: '0b9f5c8e-4a9b-4d3c-9c1e-2f7d6a1b2c3d' },
  });

export const UpdateUser = z
  .strictObject({
    name: text(50, '姓名').optional(),
    disabled: z.boolean().optional().openapi({ description: 'true 停用令牌，false 恢复' }),
    version: VersionField,
  })
  .openapi('UpdateUser');

export const User = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: RoleSchema,
    enterpriseId: z.string().nullable(),
    universityId: z.string().nullable(),
    disabled: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('User');

export const Activation = z
  .object({
    activationUrl: z
      .string()
      .openapi({ description: '一次性激活链接：用户打开后设置登录名和密码；72 小时内有效，仅此一次显示' }),
    activationExpiresAt: z.string().openapi({ description: '激活链接的失效时间' }),
  })
  .openapi('Activation');

export const CreatedUser = User.extend({
  token: z.string().openapi({ description: '访问令牌，仅此一次显示，请妥善保存' }),
  ...Activation.shape,
}).openapi('CreatedUser');

export const Me = z
  .object({
    userId: z.string().nullable(),
    name: z.string(),
    role: RoleSchema,
    roleLabel: z.string(),
    enterpriseId: z.string().nullable(),
    universityId: z.string().nullable(),
  })
  .openapi('Me');

export const UserList = listOf(User, 'UserList');

export const ListUsersQuery = PageQuery.extend({
  role: RoleSchema.optional(),
  enterpriseId: z.uuid().optional(),
  universityId: z.uuid().optional(),
  disabled: z.enum(['true', 'false']).optional(),
  sort: sortParam(['name', 'createdAt'] as const, '-createdAt'),
});

export type CreateUserInput = z.infer<typeof CreateUser>;
export type ListUsersInput = z.infer<typeof ListUsersQuery>;
export type UserView = z.infer<typeof User>;
