/** 高校/科研院所 routes: everyone signed in reads; the bureau creates and deletes; a university edits its own. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { deleteRoute, getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { newRouter } from '../../http/route.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import { CreateUniversity, ListUniversitiesQuery, University, UniversityList, UpdateUniversity } from './schemas.js';
import { universityService } from './service.js';

const tags = ['高校/院所'];

export function universityRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = universityService(deps);

  app.openapi(
    listRoute(ALL_ROLES, {
      path: '/universities',
      tags,
      summary: '高校/院所列表',
      query: ListUniversitiesQuery,
      list: UniversityList,
    }),
    async (c) => c.json(await svc.list(c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(ALL_ROLES, { path: '/universities/{id}', tags, summary: '高校/院所详情', item: University }),
    async (c) => sendRecord(c, await svc.get(c.req.valid('param').id), 200),
  );

  app.openapi(
    postRoute(['bureau'], {
      path: '/universities',
      tags,
      summary: '登记高校/院所',
      body: CreateUniversity,
      item: University,
      conflict: '同名已存在',
    }),
    async (c) => sendRecord(c, await svc.create(changeContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    patchRoute(['bureau', 'university'], {
      path: '/universities/{id}',
      tags,
      summary: '修改高校/院所（部分字段）',
      roleNote: '高校联络员仅限本校',
      body: UpdateUniversity,
      item: University,
      conflict: '版本冲突或同名',
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
    deleteRoute(['bureau'], {
      path: '/universities/{id}',
      tags,
      summary: '删除高校/院所（软删除）',
      description: '仍有在册实验室时拒绝（409）。可带 If-Match。',
      conflict: '仍有实验室',
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, optionalExpectedVersion(c));
      return c.body(null, 204);
    },
  );

  return app;
}
