/** 企业 routes: the bureau manages all enterprises; an enterprise user reads and edits its own. */
import type { AppDeps } from '../../http/env.js';
import { changeContext, recordHeaders } from '../../http/respond.js';
import { defineRoute, jsonBody, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { expectedVersion } from '../../http/versioning.js';
import { CreateEnterprise, Enterprise, EnterpriseList, ListEnterprisesQuery, UpdateEnterprise } from './schemas.js';
import { enterpriseService } from './service.js';

const tags = ['企业'];

export function enterpriseRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = enterpriseService(deps);

  app.openapi(
    defineRoute(['bureau', 'enterprise'], {
      method: 'get',
      path: '/enterprises',
      tags,
      summary: '企业列表',
      roleNote: '企业用户仅见本企业',
      request: { query: ListEnterprisesQuery },
      responses: { 200: jsonResponse(EnterpriseList, '分页列表') },
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute(['bureau', 'enterprise'], {
      method: 'get',
      path: '/enterprises/{id}',
      tags,
      summary: '企业详情',
      roleNote: '企业用户仅限本企业',
      request: { params: IdParam },
      responses: { 200: jsonResponse(Enterprise, '详情，含 version 与 ETag') },
    }),
    async (c) => {
      const view = await svc.get(c.get('actor'), c.req.valid('param').id);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'post',
      path: '/enterprises',
      tags,
      summary: '登记企业',
      description: 'creditCode（统一社会信用代码）校验校验位，在册企业中唯一。',
      request: { body: jsonBody(CreateEnterprise) },
      responses: { 201: jsonResponse(Enterprise, '已创建'), 409: { description: '统一社会信用代码已登记' } },
    }),
    async (c) => {
      const view = await svc.create(changeContext(c), c.req.valid('json'));
      recordHeaders(c, view, true);
      return c.json(view, 201);
    },
  );

  app.openapi(
    defineRoute(['bureau', 'enterprise'], {
      method: 'patch',
      path: '/enterprises/{id}',
      tags,
      summary: '修改企业信息（部分字段）',
      roleNote: '企业用户仅限本企业，且不可设置 liaisonId',
      request: { params: IdParam, body: jsonBody(UpdateEnterprise) },
      responses: { 200: jsonResponse(Enterprise, '已更新'), 409: { description: '版本冲突或信用代码已登记' }, 412: { description: 'If-Match 不匹配' } },
    }),
    async (c) => {
      const { version, ...patch } = c.req.valid('json');
      const view = await svc.update(changeContext(c), c.req.valid('param').id, expectedVersion(c, version), patch);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'delete',
      path: '/enterprises/{id}',
      tags,
      summary: '删除企业（软删除）',
      description: '仍有在册技术难题时拒绝（409）。可带 If-Match。',
      request: { params: IdParam },
      responses: { 204: { description: '已删除' }, 409: { description: '仍有技术难题' } },
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, c.req.header('if-match') ? expectedVersion(c, undefined) : undefined);
      return c.body(null, 204);
    },
  );

  return app;
}
