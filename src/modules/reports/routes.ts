/** 工作总结 routes (bureau only): the period's figures with the records behind each, the drafted (optionally polished) narrative, the workbook. */
import type { AppDeps } from '../../deps.js';
import { defineRoute, jsonResponse, newRouter } from '../../http/route.js';
import { csvResponse, fileResponse } from '../../http/files.js';
import { draftNarrative } from './narrative.js';
import { polishNarrative } from './polish.js';
import { Narrative, NarrativeQuery, Summary, SummaryDetail, SummaryExportQuery, SummaryQuery } from './schemas.js';
import { reportDataCache } from './report-data.js';
import { reportService } from './service.js';
import { FIGURE_HEADERS, figureRow, reportWorkbookResponse } from './workbook.js';

const tags = ['工作总结'];

export function reportRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = reportService(deps);
  const reports = reportDataCache(deps, svc);

  app.openapi(
    defineRoute(['bureau'], {
      method: 'get',
      path: '/reports/summary',
      tags,
      summary: '工作总结统计',
      description:
        '期间（北京时间，含首尾；缺省为本半年度）内的各项指标，及上一可比期间（整月期间按月数前移，如上半年对应上年下半年；其他按天数前移）的数值与增长率。带 detail=指标键 时改为列出该指标背后的记录（of=previous 为上一可比期间的）。',
      request: { query: SummaryQuery },
      responses: { 200: jsonResponse(Summary.or(SummaryDetail), '指标，或 detail 指定指标的记录') },
    }),
    async (c) => {
      const { detail, of, ...period } = c.req.valid('query');
      return c.json(detail ? await svc.detail(period, detail, of) : await svc.summary(period), 200);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'get',
      path: '/reports/summary/narrative',
      tags,
      summary: '工作总结草稿',
      description:
        '按模板把本期指标写成工作总结段落；只用计算所得的数字，未统计的写作“（暂无数据）”。polish=true 且配置了对话模型时逐段润色措辞，数字与草稿不一致、模型失败或超时的段落保留模板原文，并在 polish.rejected 中说明。',
      request: { query: NarrativeQuery },
      responses: { 200: jsonResponse(Narrative, '草稿') },
    }),
    async (c) => {
      const { polish, ...period } = c.req.valid('query');
      const draft = draftNarrative((await reports.get(period)).summary);
      return c.json(
        polish === 'true'
          ? await polishNarrative(draft, deps.llm, { logger: deps.logger, signal: c.req.raw.signal })
          : draft,
        200,
      );
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'get',
      path: '/reports/summary/export',
      tags,
      summary: '导出工作总结统计',
      description:
        'XLSX 每个板块一个工作表，另有“图表”工作表（五幅图表，PNG 图片）；CSV（UTF-8 带 BOM）为一张表，首列为板块。',
      request: { query: SummaryExportQuery },
      responses: { 200: fileResponse('统计表文件') },
    }),
    async (c) => {
      const { format, ...period } = c.req.valid('query');
      const data = await reports.get(period);
      const { summary } = data;
      const filename = `工作总结统计_${summary.period.from}至${summary.period.to}`;
      if (format === 'csv')
        return csvResponse(
          { headers: ['板块', ...FIGURE_HEADERS], rows: summary.figures.map((f) => [f.sectionLabel, ...figureRow(f)]) },
          filename,
        );
      return reportWorkbookResponse(data);
    },
  );

  return app;
}
