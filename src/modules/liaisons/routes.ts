/** 联络员 routes: the bureau manages all; a university or enterprise manages its own and sees the bureau's. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { deleteRoute, getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { newRouter } from '../../http/route.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import { CreateLiaison, Liaison, LiaisonList, ListLiaisonsQuery, UpdateLiaison } from './schemas.js';
import { liaisonService } from './service.js';

const tags = ['联络员'];
const ownNote = '高校/企业用户仅限本单位一方的联络员';

export function liaisonRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = liaisonService(deps);

  app.openapi(
    listRoute(ALL_ROLES, {
      path: '/liaisons',
      tags,
      summary: '联络员列表',
      roleNote: '高校/企业用户看到本单位联络员与全部科技局联络员',
      query: ListLiaisonsQuery,
      list: LiaisonList,
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(getRoute(ALL_ROLES, { path: '/liaisons/{id}', tags, summary: '联络员详情', item: Liaison }), async (c) =>
    sendRecord(c, await svc.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    postRoute(ALL_ROLES, {
      path: '/liaisons',
      tags,
      summary: '登记联络员',
      roleNote: ownNote,
      body: CreateLiaison,
      item: Liaison,
    }),
    async (c) => sendRecord(c, await svc.create(changeContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    patchRoute(ALL_ROLES, {
      path: '/liaisons/{id}',
      tags,
      summary: '修改联络员（部分字段）',
      description: 'side 创建后不可修改。',
      roleNote: ownNote,
      body: UpdateLiaison,
      item: Liaison,
    }),
    async (c) => {
      const { version, ...patch } = c.req.valid('json');
      return sendRecord(
        c,
        await svc.update(changeContext(c), c.req.valid('param').id, expectedVersion(c, version), patch),
        200,
      );
    },
  );

  app.openapi(
    deleteRoute(ALL_ROLES, {
      path: '/liaisons/{id}',
      tags,
      summary: '删除联络员（软删除）',
      description: '仍被指派给在册企业时拒绝（409）。可带 If-Match。',
      roleNote: ownNote,
      conflict: '仍负责企业',
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, optionalExpectedVersion(c));
      return c.body(null, 204);
    },
  );

  return app;
}
