/** 高校/科研院所 routes: everyone signed in reads; the bureau creates and deletes; a university edits its own. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../http/env.js';
import { changeContext, recordHeaders } from '../../http/respond.js';
import { defineRoute, jsonBody, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { expectedVersion } from '../../http/versioning.js';
import { CreateUniversity, ListUniversitiesQuery, University, UniversityList, UpdateUniversity } from './schemas.js';
import { universityService } from './service.js';

const tags = ['高校/院所'];

export function universityRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = universityService(deps);

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/universities', tags, summary: '高校/院所列表', request: { query: ListUniversitiesQuery }, responses: { 200: jsonResponse(UniversityList, '分页列表') } }),
    async (c) => c.json(await svc.list(c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/universities/{id}', tags, summary: '高校/院所详情', request: { params: IdParam }, responses: { 200: jsonResponse(University, '详情，含 version 与 ETag') } }),
    async (c) => {
      const view = await svc.get(c.req.valid('param').id);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'post',
      path: '/universities',
      tags,
      summary: '登记高校/院所',
      request: { body: jsonBody(CreateUniversity) },
      responses: { 201: jsonResponse(University, '已创建'), 409: { description: '同名已存在' } },
    }),
    async (c) => {
      const view = await svc.create(changeContext(c), c.req.valid('json'));
      recordHeaders(c, view, true);
      return c.json(view, 201);
    },
  );

  app.openapi(
    defineRoute(['bureau', 'university'], {
      method: 'patch',
      path: '/universities/{id}',
      tags,
      summary: '修改高校/院所（部分字段）',
      roleNote: '高校联络员仅限本校',
      request: { params: IdParam, body: jsonBody(UpdateUniversity) },
      responses: { 200: jsonResponse(University, '已更新'), 409: { description: '版本冲突或同名' }, 412: { description: 'If-Match 不匹配' } },
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
      path: '/universities/{id}',
      tags,
      summary: '删除高校/院所（软删除）',
      description: '仍有在册实验室时拒绝（409）。可带 If-Match。',
      request: { params: IdParam },
      responses: { 204: { description: '已删除' }, 409: { description: '仍有实验室' } },
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, c.req.header('if-match') ? expectedVersion(c, undefined) : undefined);
      return c.body(null, 204);
    },
  );

  return app;
}
