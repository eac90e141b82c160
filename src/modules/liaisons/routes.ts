/** 联络员 routes: the bureau manages all; a university or enterprise manages its own and sees the bureau's. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../http/env.js';
import { changeContext, recordHeaders } from '../../http/respond.js';
import { defineRoute, jsonBody, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { expectedVersion } from '../../http/versioning.js';
import { CreateLiaison, Liaison, LiaisonList, ListLiaisonsQuery, UpdateLiaison } from './schemas.js';
import { liaisonService } from './service.js';

const tags = ['联络员'];
const ownNote = '高校/企业用户仅限本单位一方的联络员';

export function liaisonRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = liaisonService(deps);

  app.openapi(
    defineRoute(ALL_ROLES, {
      method: 'get',
      path: '/liaisons',
      tags,
      summary: '联络员列表',
      roleNote: '高校/企业用户看到本单位联络员与全部科技局联络员',
      request: { query: ListLiaisonsQuery },
      responses: { 200: jsonResponse(LiaisonList, '分页列表') },
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/liaisons/{id}', tags, summary: '联络员详情', request: { params: IdParam }, responses: { 200: jsonResponse(Liaison, '详情，含 version 与 ETag') } }),
    async (c) => {
      const view = await svc.get(c.get('actor'), c.req.valid('param').id);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(ALL_ROLES, {
      method: 'post',
      path: '/liaisons',
      tags,
      summary: '登记联络员',
      roleNote: ownNote,
      request: { body: jsonBody(CreateLiaison) },
      responses: { 201: jsonResponse(Liaison, '已创建') },
    }),
    async (c) => {
      const view = await svc.create(changeContext(c), c.req.valid('json'));
      recordHeaders(c, view, true);
      return c.json(view, 201);
    },
  );

  app.openapi(
    defineRoute(ALL_ROLES, {
      method: 'patch',
      path: '/liaisons/{id}',
      tags,
      summary: '修改联络员（部分字段）',
      description: 'side 创建后不可修改。',
      roleNote: ownNote,
      request: { params: IdParam, body: jsonBody(UpdateLiaison) },
      responses: { 200: jsonResponse(Liaison, '已更新'), 409: { description: '版本冲突' }, 412: { description: 'If-Match 不匹配' } },
    }),
    async (c) => {
      const { version, ...patch } = c.req.valid('json');
      const view = await svc.update(changeContext(c), c.req.valid('param').id, expectedVersion(c, version), patch);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(ALL_ROLES, {
      method: 'delete',
      path: '/liaisons/{id}',
      tags,
      summary: '删除联络员（软删除）',
      description: '仍被指派给在册企业时拒绝（409）。可带 If-Match。',
      roleNote: ownNote,
      request: { params: IdParam },
      responses: { 204: { description: '已删除' }, 409: { description: '仍负责企业' } },
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, c.req.header('if-match') ? expectedVersion(c, undefined) : undefined);
      return c.body(null, 204);
    },
  );

  return app;
}
