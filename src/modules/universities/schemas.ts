/** 高校/科研院所: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { optionalText, queryText, rejectUnsafe, text } from '../../http/common-fields.js';
import { listOf, Meta, PageQuery, sortParam, VersionField } from '../../http/schemas.js';

export const UniversityKind = z.enum(['university', 'institute'], {
  message: 'kind 须为 university（高校）或 institute（科研院所）',
});

const fields = {
  name: text(100, '名称'),
  kind: UniversityKind,
  city: optionalText(50, '所在城市'),
  website: z.url({ message: '网址格式不正确' }).max(300).superRefine(rejectUnsafe('网址')).nullish(),
  summary: optionalText(2000, '简介'),
};

export const CreateUniversity = z.strictObject(fields).openapi('CreateUniversity', {
  example: { name: '江南理工大学', kind: 'university', city: '杭州' },
});

export const UpdateUniversity = z
  .strictObject({ ...fields, version: VersionField })
  .partial()
  .openapi('UpdateUniversity');

export const University = z
  .object({
    ...Meta,
    name: z.string(),
    kind: UniversityKind,
    city: z.string().nullable(),
    website: z.string().nullable(),
    summary: z.string().nullable(),
    labCount: z.number().int().openapi({ description: '在册实验室/团队数' }),
  })
  .openapi('University');

export const UniversityList = listOf(University, 'UniversityList');

export const UNIVERSITY_SORTS = ['name', 'createdAt', 'updatedAt'] as const;

export const ListUniversitiesQuery = PageQuery.extend({
  kind: UniversityKind.optional(),
  city: queryText(50, '城市'),
  q: queryText(100, '关键词').openapi({ description: '名称包含' }),
  sort: sortParam(UNIVERSITY_SORTS, 'name'),
});

export type CreateUniversityInput = z.infer<typeof CreateUniversity>;
export type UpdateUniversityInput = z.infer<typeof UpdateUniversity>;
export type ListUniversitiesInput = z.infer<typeof ListUniversitiesQuery>;
export type UniversityView = z.infer<typeof University>;
