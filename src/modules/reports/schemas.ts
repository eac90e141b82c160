/** 工作总结统计: query and response schemas of the summary, its narrative and its export. */
import { z } from '@hono/zod-openapi';
import { queryText } from '../../http/common-fields.js';
import { DateString } from '../../http/schemas.js';
import { ExportFormat } from '../../http/files.js';

export const PeriodQuery = z.object({
  from: DateString.optional().openapi({ description: '起始日期（含，北京时间）；缺省为本半年度' }),
  to: DateString.optional().openapi({ description: '截止日期（含，北京时间）' }),
});

export const SummaryQuery = PeriodQuery.extend({
  detail: queryText(100, '指标键').openapi({ description: '指标键（如 problems.collected）：列出该指标背后的记录' }),
  of: z
    .enum(['current', 'previous'], { message: 'of 须为 current 或 previous' })
    .default('current')
    .openapi({ description: 'detail 列出本期（current）或上一可比期间（previous）的记录' }),
});

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

export const NarrativeQuery = PeriodQuery.extend({
  polish: z
    .enum(['true', 'false'], { message: 'polish 须为 true 或 false' })
    .optional()
    .openapi({ description: 'true：配置了对话模型（LLM_BASE_URL、LLM_MODEL）时润色措辞，数字改动的段落保留模板原文' }),
});

const PolishReport = z.object({
  status: z.enum(['applied', 'partial', 'rejected', 'unavailable', 'not_configured']).openapi({
    description:
      'applied 全部段落已润色；partial 部分段落保留模板原文；rejected 润色稿均未通过数字核对；unavailable 模型调用均失败或超时；not_configured 未配置模型。后三种情况正文即模板草稿',
  }),
  model: z.string().optional(),
  rejected: z
    .array(
      z.object({ paragraph: z.number().int().openapi({ description: '段落下标（从 0 起）' }), reason: z.string() }),
    )
    .openapi({ description: '保留模板原文的段落及原因' }),
});

export const Narrative = z
  .object({
    title: z.string(),
    period: Period,
    paragraphs: z.array(z.string()),
    figures: z
      .record(z.string(), z.number().nullable())
      .openapi({ description: '正文用到的指标与数值（增长率为百分数）' }),
    missing: z.array(z.string()).openapi({ description: '暂无数据的指标' }),
    polish: PolishReport.optional().openapi({ description: '仅 polish=true 时返回：润色结果' }),
  })
  .openapi('ReportNarrative');

export type PeriodInput = z.infer<typeof PeriodQuery>;
export type SummaryView = z.infer<typeof Summary>;
