/** 合作意向: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { sizedText } from '../../http/common-fields.js';
import { listOf, Meta, PageQuery, sortParam, VersionField } from '../../http/schemas.js';
import { Stage } from '../problems/schemas.js';
import { INTEREST_STATUSES } from '../../domain/interests.js';

const Uuid = z.uuid({ message: '须为合法的 UUID' });
const Ref = z.object({ id: z.uuid(), name: z.string() });

export const InterestStatus = z.enum(INTEREST_STATUSES, {
  message: 'status 须为 active（有效）或 withdrawn（已撤回）',
});

export const CreateInterest = z
  .strictObject({
    problemId: Uuid.openapi({ description: '已发布、未关闭的技术难题' }),
    labId: Uuid.openapi({ description: '本校的实验室/团队' }),
    note: sizedText(2, 500, '意向说明').openapi({ description: '团队的相关基础与设想（不超过 500 字）' }),
  })
  .openapi('CreateInterest', {
    example: {
      problemId: '0b9f5c8e-4a9b-4d3c-9c1e-2f7d6a1b2c3d',
      labId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      note: '团队有注塑件表面缺陷检测的产线落地经验，可先做样件测试。',
    },
  });

export const UpdateInterest = z
  .strictObject({ note: sizedText(2, 500, '意向说明'), version: VersionField })
  .partial()
  .openapi('UpdateInterest');

export const WithdrawInterest = z
  .strictObject({ reason: sizedText(2, 500, '撤回原因').optional(), version: VersionField })
  .openapi('WithdrawInterest');

export const Interest = z
  .object({
    ...Meta,
    problemId: z.uuid(),
    problem: z.object({ id: z.uuid(), title: z.string(), stage: Stage, stageLabel: z.string() }),
    labId: z.uuid(),
    lab: Ref,
    university: Ref,
    note: z.string(),
    status: InterestStatus,
    statusLabel: z.string(),
    withdrawnAt: z.string().nullable(),
    withdrawReason: z.string().nullable(),
    introduced: z.boolean().openapi({ description: '区科技局已将该实验室引荐给此难题' }),
    contact: z
      .object({
        expressedBy: z.string(),
        name: z.string().nullable(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: '表达意向的联络员与实验室联系人；企业用户在引荐后可见' }),
    contactWithheld: z.boolean(),
  })
  .openapi('Interest');

export const InterestList = listOf(Interest, 'InterestList');

export const INTEREST_SORTS = ['createdAt', 'updatedAt'] as const;

export const ListInterestsQuery = PageQuery.extend({
  problemId: Uuid.optional(),
  labId: Uuid.optional(),
  universityId: Uuid.optional().openapi({ description: '仅区科技局可用；其他角色忽略' }),
  status: InterestStatus.optional(),
  sort: sortParam(INTEREST_SORTS, '-createdAt'),
});

export type CreateInterestInput = z.infer<typeof CreateInterest>;
export type UpdateInterestInput = z.infer<typeof UpdateInterest>;
export type ListInterestsInput = z.infer<typeof ListInterestsQuery>;
export type InterestView = z.infer<typeof Interest>;
