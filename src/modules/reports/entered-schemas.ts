/** 填报指标: the input of one entered figure (value, source, the source's date) and the views of a period's figures. */
import { z } from '@hono/zod-openapi';
import { text } from '../../http/common-fields.js';
import { DateString } from '../../http/schemas.js';
import { ENTERED_FIGURES, ENTERED_MAX } from '../../domain/entered-figures.js';

/** One figure as entered: a number within bounds (whole unless the figure allows decimals), its source and date. */
export const enteredFigureInput = (decimals: number) =>
  z
    .object({
      value: z
        .number({ message: '请输入数字' })
        .min(0, '不能为负数')
        .max(ENTERED_MAX, '数值过大')
        .refine((v) => Number.isInteger(Math.round(v * 10 ** decimals * 1e6) / 1e6), {
          message: decimals ? `最多 ${decimals} 位小数` : '须为整数',
        })
        .openapi({ description: decimals ? `非负数，最多 ${decimals} 位小数` : '非负整数' }),
      source: text(200, '来源').openapi({
        description: '数据来源（如“区市场监管局统计”）',
        example: '区市场监管局统计',
      }),
      sourceDate: DateString.openapi({ description: '数据的日期（统计截止或发布日期），不晚于今天' }),
    })
    .strict();

const figureFields = Object.fromEntries(
  ENTERED_FIGURES.map((f) => [
    f.key,
    enteredFigureInput(f.decimals)
      .nullable()
      .optional()
      .openapi({ description: `${f.label}（${f.unit}）；null 清除；不给则不变` }),
  ]),
);

export const EnteredFiguresBody = z
  .object({
    version: z
      .number({ message: 'version 须为整数' })
      .int('version 须为整数')
      .min(0)
      .openapi({ description: '读取时的 version；期间内填报已被他人修改时返回 409' }),
    figures: z.object(figureFields).strict().openapi({ description: '指标键 → 数值、来源与日期（只改给出的指标）' }),
  })
  .strict()
  .openapi('EnteredFiguresUpdate');

const Entered = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number().nullable(),
  source: z.string().nullable(),
  sourceDate: z.string().nullable(),
  enteredBy: z.string().nullable().openapi({ description: '填报人' }),
  enteredAt: z.string().nullable().openapi({ description: '填报时间（ISO 8601）' }),
});

export const EnteredFiguresView = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    version: z.number().int().openapi({ description: '期间内的填报次数；修改时带上' }),
    figures: z.array(Entered).openapi({ description: '每个填报指标的现值（未填报的 value 为 null）' }),
    history: z.array(Entered).openapi({ description: '全部修改记录，新的在前（value 为 null 表示清除）' }),
  })
  .openapi('EnteredFigures');

export type EnteredFigureInput = z.infer<ReturnType<typeof enteredFigureInput>>;
export type EnteredFiguresUpdate = { version: number; figures: Record<string, EnteredFigureInput | null | undefined> };
export type EnteredView = z.infer<typeof EnteredFiguresView>;
export type EnteredValue = EnteredView['figures'][number];
