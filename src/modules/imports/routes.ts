/**
 * 数据导入 routes (bureau only): upload a spreadsheet for a dry run, read every row's fate, then
 * run it as one background job and follow its progress. Templates give the expected headers.
 */
import { z } from '@hono/zod-openapi';
import { shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { changeContext } from '../../http/respond.js';
import { deleteRoute, getRoute, listRoute } from '../../http/resource-routes.js';
import { defineRoute, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { csvResponse, fileResponse, XLSX_TYPE, xlsxResponse } from '../../http/files.js';
import { rowReportName, rowReportSheet, templateName, templateSheet } from './row-report.js';
import {
  CreateImportQuery,
  FileFormatQuery,
  ImportJob,
  ImportJobList,
  ImportRowList,
  JobsQuery,
  KIND_LABELS,
  RowsQuery,
  TemplateParam,
} from './schemas.js';
import { importService } from './service.js';
import { readUpload } from './upload.js';

const tags = ['数据导入'];

const UploadBody = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object' as const,
        properties: { file: { type: 'string' as const, format: 'binary' } },
        required: ['file'],
      },
    },
    [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
    'text/csv': { schema: z.string() },
  },
  required: true as const,
};

export function importRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = importService(deps);

  app.openapi(
    defineRoute(['bureau'], {
      method: 'post',
      path: '/imports',
      tags,
      summary: '上传表格并预检（不写入）',
      description:
        '读取 XLSX（第一个有数据的工作表）或 CSV（UTF-8 或 GBK），识别中文或英文列名（表头可在前 10 行内，之前的标题行会被跳过），按与接口相同的校验逐行判断结果：新增、更新、无变化，或拒绝（列名、字段与原因）。' +
        '按自然键识别已有记录：企业——统一社会信用代码；高校/院所——名称；实验室/团队——所属高校/院所 + 名称；技术难题——企业 + 难题名称。空单元格表示不修改该字段。' +
        '返回预检任务；确认无误后 POST /imports/{id}/run 执行导入。',
      request: { query: CreateImportQuery, body: UploadBody },
      responses: {
        201: jsonResponse(ImportJob, '预检完成的导入任务'),
        413: { description: '文件过大' },
        415: { description: '不是 XLSX / CSV 文件' },
      },
    }),
    async (c) => {
      const { kind, fileName } = c.req.valid('query');
      const upload = await readUpload(c);
      const job = await svc.preview(changeContext(c), {
        kind,
        fileName: upload.fileName ?? fileName ?? `${KIND_LABELS[kind]}导入`,
        bytes: upload.bytes,
      });
      c.header('Location', `${c.req.path}/${job.id}`);
      return c.json(job, 201);
    },
  );

  app.openapi(
    listRoute(['bureau'], {
      path: '/imports',
      tags,
      summary: '导入任务列表',
      description: '按上传时间倒序。',
      query: JobsQuery,
      list: ImportJobList,
    }),
    async (c) => c.json(await svc.list(c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(['bureau'], {
      path: '/imports/{id}',
      tags,
      summary: '导入任务与进度',
      description: '状态、进度（已处理行数/总行数）、预检与实际结果的各项行数、被拒绝的行数与失败原因。',
      item: ImportJob,
      ok: '导入任务',
    }),
    async (c) => c.json(await svc.get(c.req.valid('param').id), 200),
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'get',
      path: '/imports/{id}/rows',
      tags,
      summary: '逐行结果',
      description: '每行的预检结果、导入结果、写入的记录与拒绝原因，按行号排序；可按结果筛选。',
      request: { params: IdParam, query: RowsQuery },
      responses: { 200: jsonResponse(ImportRowList, '分页列表') },
    }),
    async (c) => c.json(await svc.rows(c.req.valid('param').id, c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'get',
      path: '/imports/{id}/rows/export',
      tags,
      summary: '下载逐行结果',
      description: '原表各列之前加上行号、预检结果、导入结果与原因，便于在原表中改正后重新导入。',
      request: { params: IdParam, query: FileFormatQuery },
      responses: { 200: fileResponse('逐行结果表') },
    }),
    async (c) => {
      const job = await svc.job(c.req.valid('param').id);
      const sheet = rowReportSheet(deps.db, job);
      const name = rowReportName(job);
      return c.req.valid('query').format === 'csv' ? csvResponse(sheet, name) : xlsxResponse([sheet], name);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'post',
      path: '/imports/{id}/run',
      verb: 'run',
      tags,
      summary: '执行导入',
      description:
        '在后台按批写入：每批与其审计、索引记录和进度在同一事务中提交。服务重启后从最后完成的批次续跑；某批重试后仍失败则撤销本任务已写入的记录，任务标为失败，排除问题后可再次执行。' +
        '写入时按当时的数据重新判断每行结果，重复执行不会重复新增。已在执行或已完成时再次请求不产生变化。',
      request: { params: IdParam },
      responses: {
        202: jsonResponse(ImportJob, '已排队或正在执行；GET /imports/{id} 查看进度'),
        409: { description: '任务已取消' },
      },
    }),
    async (c) => {
      const job = await svc.run(c.req.valid('param').id);
      c.header('Location', c.req.path.replace(/\/run$/, ''));
      return c.json(job, 202);
    },
  );

  app.openapi(
    deleteRoute(['bureau'], {
      path: '/imports/{id}',
      tags,
      summary: '取消导入任务',
      description:
        '尚未执行的预检任务、排队中的任务、已失败（已撤销）的任务可以取消；正在执行的任务在下一批之前停止，并撤销本任务已写入的记录（与失败时的撤销相同）。已完成的任务不能取消。',
      deleted: '已取消',
      conflict: '已完成或已取消',
    }),
    async (c) => {
      await svc.cancel(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'get',
      path: '/import-templates/{kind}',
      tags,
      summary: '下载导入模板',
      description: '空白模板，列名即推荐的中文表头；也接受这些列的英文字段名和常见别名。',
      request: { params: TemplateParam, query: FileFormatQuery },
      responses: { 200: fileResponse('模板文件') },
    }),
    async (c) => {
      const { kind } = c.req.valid('param');
      const sheet = templateSheet(kind);
      const name = templateName(kind, shanghaiToday(deps.now()));
      return c.req.valid('query').format === 'csv' ? csvResponse(sheet, name) : xlsxResponse([sheet], name);
    },
  );

  // The templates lived at /imports/templates/{kind}, a path ambiguous with /imports/{id}/rows for generated
  // clients; links and scripts that still use it are sent on, query and all.
  app.get('/imports/templates/:kind', (c) => {
    const url = new URL(c.req.url);
    return c.redirect(`/api/v1/import-templates/${encodeURIComponent(c.req.param('kind'))}${url.search}`, 308);
  });

  return app;
}
