/** 工作总结统计: query and response schemas of the summary, its narrative and its export. */
import { z } from '@hono/zod-openapi';
import { DateString } from '../../http/schemas.js';

export const PeriodQuery = z.object({
  from: DateString.optional().openapi({ description: '起始日期（含，北京时间）；缺省为本半年度' }),
  to: DateString.optional().openapi({ description: '截止日期（含，北京时间）' }),
});

export const SummaryQuery = PeriodQuery.extend({
  detail: z.string().trim().max(100).optional().openapi({ description: '指标键（如 problems.collected）：列出该指标背后的记录' }),
  of: z.enum(['current', 'previous'], { message: 'of 须为 current 或 previous' }).default('current').openapi({ description: 'detail 列出本期（current）或上一可比期间（previous）的记录' }),
});

export const ExportFormat = z.enum(['xlsx', 'csv'], { message: 'format 须为 xlsx 或 csv' }).default('xlsx');
export const SummaryExportQuery = PeriodQuery.extend({ format: ExportFormat });

const Period = z.object({ from: z.string(), to: z.string() });

export const FigureView = z.object({
  key: z.string(),
  section: z.string(),
  sectionLabel: z.string(),
  label: z.string(),
  unit: z.string(),
  value: z.number(),
  previous: z.number().nullable().openapi({ description: '上一可比期间的数值；仅有当前存量的指标为 null' }),
  growth: z.number().nullable().openapi({ description: '增长率（小数，0.25 即 25%）；上期为 0 或未知时为 null' }),
});

export const Summary = z
  .object({
    period: Period,
    previousPeriod: Period,
    figures: z.array(FigureView),
  })
  .openapi('ReportSummary');

export const SummaryDetail = z
  .object({
    key: z.string(),
    label: z.string(),
    unit: z.string(),
    value: z.number(),
    period: Period,
    items: z.array(z.object({ id: z.uuid(), name: z.string(), note: z.string().optional() })),
  })
  .openapi('ReportSummaryDetail');

export const Narrative = z
  .object({
    title: z.string(),
    period: Period,
    paragraphs: z.array(z.string()),
    figures: z.record(z.string(), z.number().nullable()).openapi({ description: '正文用到的指标与数值（增长率为百分数）' }),
    missing: z.array(z.string()).openapi({ description: '暂无数据的指标' }),
  })
  .openapi('ReportNarrative');

export type PeriodInput = z.infer<typeof PeriodQuery>;
export type SummaryView = z.infer<typeof Summary>;
export type FigureViewT = z.infer<typeof FigureView>;
