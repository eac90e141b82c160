/** 撮合进度与跟进提醒 routes: the bureau's overview of every problem and of what needs doing, for all or per liaison. */
import type { AppDeps } from '../../deps.js';
import { defineRoute, jsonResponse, newRouter } from '../../http/route.js';
import { FollowUps, FollowUpsQuery, Pipeline, PipelineQuery } from './schemas.js';
import { pipelineService } from './service.js';

const tags = ['撮合进度'];

export function pipelineRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = pipelineService(deps);

  app.openapi(
    defineRoute(['bureau'], {
      method: 'get',
      path: '/pipeline',
      tags,
      summary: '撮合进度',
      description:
        '各阶段与各审核状态的难题数，以及每项难题的阶段、负责联络员（难题指定的，否则为企业的）、最近动态与距今天数。默认只含已发布的难题；默认按最近动态由远到近排序（最久没有动态的在前）。',
      request: { query: PipelineQuery },
      responses: { 200: jsonResponse(Pipeline, '进度') },
    }),
    async (c) => c.json(await svc.pipeline(c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'get',
      path: '/follow-ups',
      tags,
      summary: '跟进提醒',
      description:
        '逾期与即将到期的对接跟进、长期无动态的难题、认定登记即将到期或已逾期的协议；可按联络员筛选（其参与的对接、负责的难题与企业）。',
      request: { query: FollowUpsQuery },
      responses: { 200: jsonResponse(FollowUps, '提醒') },
    }),
    async (c) => c.json(await svc.followUps(c.req.valid('query')), 200),
  );

  return app;
}
