/** GET /api/v1/search: full-text search over problems or labs, with filters, facets and highlights. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { defineRoute, jsonResponse, newRouter } from '../../http/route.js';
import { SearchQuerySchema, SearchResponse } from './schemas.js';
import { searchService } from './service.js';

export function searchRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = searchService(deps.search.engine);
  app.openapi(
    defineRoute(ALL_ROLES, {
      method: 'get',
      path: '/search',
      verb: 'search',
      tags: ['搜索与匹配'],
      summary: '搜索技术难题或实验室',
      description:
        '中文分词、同义词、英文拼写容错、前缀匹配、筛选、分面计数与高亮。访问规则由服务端加在检索条件中：仅局方可见的难题只对局方与发布企业可见；企业只能检索本企业的难题。',
      roleNote: '企业仅检索本企业难题；高校检索公开难题且不显示企业身份',
      request: { query: SearchQuerySchema },
      responses: {
        200: jsonResponse(SearchResponse, '检索结果'),
        503: { description: '搜索引擎暂不可用（写入不受影响）' },
      },
    }),
    async (c) => c.json(await svc.search(c.get('actor'), c.req.valid('query')), 200),
  );
  return app;
}
