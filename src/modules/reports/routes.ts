/** 工作总结 routes (bureau only): the period's figures with the records behind each, the drafted (optionally polished) narrative, the workbook. */
import type { AppDeps } from '../../deps.js';
import { changeContext } from '../../http/respond.js';
import { defineRoute, jsonBody, jsonResponse, newRouter } from '../../http/route.js';
import { enteredFiguresService } from './entered.js';
import { EnteredFiguresBody, EnteredFiguresView } from './entered-schemas.js';
import { csvResponse, fileResponse } from '../../http/files.js';
import { draftNarrative } from './narrative.js';
import { polishNarrative } from './polish.js';
import {
  Narrative,
  NarrativeQuery,
  PeriodQuery,
  Summary,
  SummaryDetail,
  SummaryExportQuery,
  SummaryQuery,
} from './schemas.js';
import { reportDataCache } from './report-data.js';
import { reportService } from './service.js';
import { FIGURE_HEADERS, figureRow, reportWorkbookResponse } from './workbook.js';

const tags = ['工作总结'];

export function reportRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = reportService(deps);
  const reports = reportDataCache(deps, svc);
  const entered = enteredFiguresService(deps);

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
        '按模板把本期指标写成工作总结段落；只用计算所得的数字与局方为本期填报的指标（/reports/entered-figures），未填报的写作“（暂无数据）”。polish=true 且配置了对话模型时逐段润色措辞，数字与草稿不一致、模型失败或超时的段落保留模板原文，并在 polish.rejected 中说明。',
      request: { query: NarrativeQuery },
      responses: { 200: jsonResponse(Narrative, '草稿') },
    }),
    async (c) => {
      const { polish, ...period } = c.req.valid('query');
      const data = await reports.get(period);
      const { marked: _marked, ...draft } = draftNarrative(data.summary, data.entered.figures);
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

  app.openapi(
    defineRoute(['bureau'], {
      method: 'get',
      path: '/reports/entered-figures',
      tags,
      summary: '填报指标（平台不记录的数字）',
      description:
        '局方为某一期间（与工作总结的期间相同，缺省为本半年度）填报的指标：专利申请与授权、争取项目资金、全市高新技术企业总数（用于占全市比重）、孵化器与众创空间及在孵企业、科普活动。每项带来源与数据日期，history 列出全部修改（谁、何时、改成什么）。',
      request: { query: PeriodQuery },
      responses: { 200: jsonResponse(EnteredFiguresView, '本期的填报指标与修改记录') },
    }),
    async (c) => c.json(await entered.view(svc.period(c.req.valid('query'))), 200),
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'patch',
      path: '/reports/entered-figures',
      tags,
      summary: '修改填报指标',
      description:
        '只改 figures 中给出的指标（null 为清除）；数值、来源或日期与现值相同的不记录。version 须为读取时的值，期间内已有他人修改时返回 409。每项修改写入修改记录与审计日志。',
      request: { query: PeriodQuery, body: jsonBody(EnteredFiguresBody) },
      responses: {
        200: jsonResponse(EnteredFiguresView, '修改后的填报指标'),
        409: { description: '本期的填报已被他人修改（version 不符）' },
      },
    }),
    async (c) =>
      c.json(await entered.save(changeContext(c), svc.period(c.req.valid('query')), c.req.valid('json')), 200),
  );

  return app;
}
