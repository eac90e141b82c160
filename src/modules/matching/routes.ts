/** 推荐匹配 routes: ranked, explained candidates for a problem (labs) or for a lab (problems). */
import type { AppDeps } from '../../deps.js';
import { defineRoute, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { LabMatches, MatchQuery, ProblemMatches } from './schemas.js';
import { matchingService } from './service.js';

const tags = ['搜索与匹配'];

export function matchingRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = matchingService(deps);

  app.openapi(
    defineRoute(['bureau', 'enterprise'], {
      method: 'get',
      path: '/problems/{id}/matches',
      tags,
      summary: '为技术难题推荐实验室',
      description:
        '按关键术语检索候选，再结合文本相关度、术语覆盖、领域与关键词重合、（启用时）语义相似度重排；每条附理由与把握程度。没有合适实验室时 summary 会明确说明。',
      roleNote: '企业仅限本企业难题',
      request: { params: IdParam, query: MatchQuery },
      responses: { 200: jsonResponse(LabMatches, '推荐的实验室'), 503: { description: '搜索引擎暂不可用' } },
    }),
    async (c) => c.json(await svc.forProblem(c.get('actor'), c.req.valid('param').id, c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute(['bureau', 'university'], {
      method: 'get',
      path: '/labs/{id}/matches',
      tags,
      summary: '为实验室推荐技术难题',
      description: '只推荐已发布、未解决或关闭的难题；高校看不到企业身份。',
      roleNote: '高校联络员仅限本校实验室',
      request: { params: IdParam, query: MatchQuery },
      responses: { 200: jsonResponse(ProblemMatches, '推荐的技术难题'), 503: { description: '搜索引擎暂不可用' } },
    }),
    async (c) => c.json(await svc.forLab(c.get('actor'), c.req.valid('param').id, c.req.valid('query')), 200),
  );

  return app;
}
