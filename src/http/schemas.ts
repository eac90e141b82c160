/** Schemas shared by every resource: ids, problem+json, list envelopes, versions. */
import { z } from '@hono/zod-openapi';

export const IdParam = z.object({
  id: z
    .uuid({ message: '须为合法的 UUID' })
    .openapi({ param: { name: 'id', in: 'path' }, example: '0b9f5c8e-4a9b-4d3c-9c1e-2f7d6a1b2c3d' }),
});

export const ProblemDetailsSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .openapi('ProblemDetails');

export const LIMIT_MAX = 100;

/** `limit` and the opaque `cursor` every list accepts. */
export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(LIMIT_MAX)
    .default(20)
    .openapi({ description: '每页条数（1–100，默认 20）' }),
  cursor: z.string().max(200).optional().openapi({ description: '上一页返回的 nextCursor' }),
});

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int().openapi({ description: '符合筛选条件的总数' }),
      nextCursor: z.string().optional().openapi({ description: '下一页游标；无则已到末页' }),
    })
    .openapi(name);

/** Comma-separated list in a query string (`domains=a,b`), also accepting repeated keys. */
export const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => {
    if (v === undefined || v === '') return undefined;
    const parts = (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(','));
    return parts.map((s) => s.trim()).filter(Boolean);
  }, z.array(item).max(20).optional());

export const VersionField = z.number().int().min(1).optional().openapi({
  description: '读取时的 version；与当前不符则 409。也可用 If-Match 头传 ETag',
});

/**
 * Dates are bounded to 1900-01-01…2100-12-31: year 0 is no date PostgreSQL accepts (a 500 before)
 * and PGlite reads years 1–99 as 19xx/20xx, so nothing outside a range people mean gets in.
 */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2100-12-31';
const DATE_RANGE_MESSAGE = `日期须在 ${DATE_MIN} 至 ${DATE_MAX} 之间`;
// Judged only once the format is right: a malformed date gets the format message alone.
const inDateRange = (s: string) =>
  !/^\d{4}-\d\d-\d\d/.test(s) || (s.slice(0, 10) >= DATE_MIN && s.slice(0, 10) <= DATE_MAX);

export const DateString = z.iso
  .date({ message: '日期格式须为 YYYY-MM-DD' })
  .refine(inDateRange, { message: DATE_RANGE_MESSAGE, abort: true })
  .openapi({ format: 'date', description: `YYYY-MM-DD，${DATE_MIN} 至 ${DATE_MAX}` });

/** An ISO 8601 date-time with its offset, in the same range as `DateString` (by its written date). */
export const DateTimeString = (message: string) =>
  z.iso.datetime({ offset: true, message }).refine(inDateRange, { message: DATE_RANGE_MESSAGE, abort: true });

export const Meta = {
  id: z.uuid(),
  version: z.number().int(),
  createdAt: z.string().openapi({ format: 'date-time' }),
  updatedAt: z.string().openapi({ format: 'date-time' }),
};

/** `sort=field` or `sort=-field` (descending), limited to the listed fields. */
export function sortParam<const F extends string>(fields: readonly F[], fallback: NoInfer<F> | `-${NoInfer<F>}`) {
  const values = fields.flatMap((f) => [f, `-${f}`]) as [F | `-${F}`, ...(F | `-${F}`)[]];
  return z
    .enum(values, { message: `排序字段无效，可选：${values.join('、')}` })
    .default(fallback as never)
    .openapi({ description: `排序字段，前缀 - 为降序；可选：${fields.join('、')}` });
}
