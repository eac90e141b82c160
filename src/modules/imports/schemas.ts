/** 数据导入: request and response schemas. */
import { z } from '@hono/zod-openapi';
import { text } from '../../http/common-fields.js';
import { csv, listOf, PageQuery } from '../../http/schemas.js';
import { IMPORT_KINDS } from './targets/index.js';

export const ImportKind = z
  .enum(IMPORT_KINDS, { message: `kind 须为 ${IMPORT_KINDS.join('、')} 之一` })
  .openapi({ description: 'enterprises 企业 · universities 高校/院所 · labs 实验室/团队 · problems 技术难题' });
export const ImportStatus = z.enum(['previewed', 'queued', 'running', 'completed', 'failed', 'cancelled']).openapi({
  description:
    'previewed 已预检 · queued 排队中 · running 导入中 · completed 已完成 · failed 失败（已撤销） · cancelled 已取消',
});
export const RowFate = z
  .enum(['created', 'updated', 'unchanged', 'rejected'], {
    message: 'fate 须为 created、updated、unchanged 或 rejected',
  })
  .openapi({ description: 'created 新增 · updated 更新 · unchanged 无变化 · rejected 拒绝' });

export const KIND_LABELS = {
  enterprises: '企业',
  universities: '高校/院所',
  labs: '实验室/团队',
  problems: '技术难题',
} as const;
export const STATUS_LABELS = {
  previewed: '已预检，待确认导入',
  queued: '排队中',
  running: '导入中',
  completed: '已完成',
  failed: '失败（已撤销）',
  cancelled: '已取消',
} as const;
export const FATE_LABELS = { created: '新增', updated: '更新', unchanged: '无变化', rejected: '拒绝' } as const;

export const CreateImportQuery = z.object({
  kind: ImportKind,
  fileName: text(200, '文件名')
    .optional()
    .openapi({ description: '文件名（直接上传文件内容时用于记录；multipart 上传取文件自身的名称）' }),
});

export const RowsQuery = PageQuery.extend({
  fate: csv(RowFate).openapi({ description: '导入结果，逗号分隔' }),
  planned: csv(RowFate).openapi({ description: '预检结果，逗号分隔（如 rejected 查看被拒绝的行）' }),
});

export const JobsQuery = PageQuery.extend({
  kind: ImportKind.optional(),
  status: csv(ImportStatus).openapi({ description: '状态，逗号分隔' }),
});

export const TemplateParam = z.object({ kind: ImportKind.openapi({ param: { name: 'kind', in: 'path' } }) });
export const FileFormatQuery = z.object({
  format: z.enum(['xlsx', 'csv'], { message: 'format 须为 xlsx 或 csv' }).default('xlsx'),
});

const Counts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});

export const RowErrorSchema = z.object({
  column: z.string().nullable().openapi({ description: '文件中的列名' }),
  field: z.string().nullable().openapi({ description: 'API 字段名' }),
  message: z.string(),
});

export const ImportJob = z
  .object({
    id: z.uuid(),
    kind: ImportKind,
    kindLabel: z.string(),
    fileName: z.string(),
    format: z.enum(['xlsx', 'csv']),
    status: ImportStatus,
    statusLabel: z.string(),
    columns: z
      .array(z.object({ header: z.string(), field: z.string() }))
      .openapi({ description: '识别出的列：文件中的列名 → 字段' }),
    ignoredColumns: z.array(z.string()).openapi({ description: '未识别、不会导入的列' }),
    total: z.number().int().openapi({ description: '数据行数（不含表头与空行）' }),
    planned: Counts.openapi({ description: '预检结果：各结果的行数' }),
    progress: z
      .object({ done: z.number().int(), total: z.number().int(), percent: z.number() })
      .openapi({ description: '导入进度' }),
    result: Counts.openapi({ description: '已导入行的实际结果' }),
    errors: z.number().int().openapi({ description: '被拒绝的行数（导入后为实际结果，导入前为预检结果）' }),
    attempts: z.number().int().openapi({ description: '已执行次数（中断后续跑、失败后重试各计一次）' }),
    error: z.string().nullable().openapi({ description: '失败原因' }),
    createdBy: z.object({ id: z.uuid().nullable(), name: z.string() }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    startedAt: z.string().nullable().openapi({ format: 'date-time' }),
    finishedAt: z.string().nullable().openapi({ format: 'date-time' }),
    version: z.number().int(),
  })
  .openapi('ImportJob');

export const ImportJobList = listOf(ImportJob, 'ImportJobList');

export const ImportRow = z
  .object({
    rowNo: z.number().int().openapi({ description: '文件中的行号（与 Excel 显示一致）' }),
    naturalKey: z.string().nullable(),
    planned: RowFate,
    plannedLabel: z.string(),
    fate: RowFate.nullable().openapi({ description: '导入结果；尚未导入为 null' }),
    fateLabel: z.string().nullable(),
    recordId: z.uuid().nullable().openapi({ description: '新增或更新的记录' }),
    errors: z.array(RowErrorSchema),
    cells: z.record(z.string(), z.unknown()).openapi({ description: '该行原始内容（按文件列名）' }),
  })
  .openapi('ImportRow');

export const ImportRowList = listOf(ImportRow, 'ImportRowList');

export type ImportJobView = z.infer<typeof ImportJob>;
export type ImportRowView = z.infer<typeof ImportRow>;
