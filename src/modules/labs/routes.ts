/** 实验室/团队/平台 routes: everyone signed in reads; the bureau and university liaisons (own university) write. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../http/env.js';
import { changeContext, recordHeaders } from '../../http/respond.js';
import { defineRoute, jsonBody, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { expectedVersion } from '../../http/versioning.js';
import { CreateLab, Lab, LabList, ListLabsQuery, UpdateLab } from './schemas.js';
import { labService } from './service.js';

const tags = ['实验室/团队'];
const contactNote = '联系方式仅区科技局与本校可见，其他调用者得到 null 与 contactWithheld: true';

export function labRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = labService(deps);

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/labs', tags, summary: '实验室/团队列表', description: contactNote, request: { query: ListLabsQuery }, responses: { 200: jsonResponse(LabList, '分页列表') } }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/labs/{id}', tags, summary: '实验室/团队详情', description: contactNote, request: { params: IdParam }, responses: { 200: jsonResponse(Lab, '详情，含 version 与 ETag') } }),
    async (c) => {
      const view = await svc.get(c.get('actor'), c.req.valid('param').id);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['bureau', 'university'], {
      method: 'post',
      path: '/labs',
      tags,
      summary: '登记实验室/团队',
      roleNote: '高校联络员仅限本校，universityId 可省略',
      request: { body: jsonBody(CreateLab) },
      responses: { 201: jsonResponse(Lab, '已创建'), 409: { description: '本校已有同名实验室' } },
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
      path: '/labs/{id}',
      tags,
      summary: '修改实验室/团队（部分字段）',
      roleNote: '高校联络员仅限本校；所属高校不可修改',
      request: { params: IdParam, body: jsonBody(UpdateLab) },
      responses: { 200: jsonResponse(Lab, '已更新'), 409: { description: '版本冲突或同名' }, 412: { description: 'If-Match 不匹配' } },
    }),
    async (c) => {
      const { version, ...patch } = c.req.valid('json');
      const view = await svc.update(changeContext(c), c.req.valid('param').id, expectedVersion(c, version), patch);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['bureau', 'university'], {
      method: 'delete',
      path: '/labs/{id}',
      tags,
      summary: '删除实验室/团队（软删除）',
      roleNote: '高校联络员仅限本校',
      description: '可带 If-Match。',
      request: { params: IdParam },
      responses: { 204: { description: '已删除' } },
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, c.req.header('if-match') ? expectedVersion(c, undefined) : undefined);
      return c.body(null, 204);
    },
  );

  return app;
}
