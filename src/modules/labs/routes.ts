/** 实验室/团队/平台 routes: everyone signed in reads; the bureau and university liaisons (own university) write. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { deleteRoute, getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { newRouter } from '../../http/route.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import { CreateLab, Lab, LabList, ListLabsQuery, UpdateLab } from './schemas.js';
import { labService } from './service.js';

const tags = ['实验室/团队'];
const contactNote = '联系方式仅区科技局与本校可见，其他调用者得到 null 与 contactWithheld: true';

export function labRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = labService(deps);

  app.openapi(
    listRoute(ALL_ROLES, {
      path: '/labs',
      tags,
      summary: '实验室/团队列表',
      description: contactNote,
      query: ListLabsQuery,
      list: LabList,
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(ALL_ROLES, { path: '/labs/{id}', tags, summary: '实验室/团队详情', description: contactNote, item: Lab }),
    async (c) => sendRecord(c, await svc.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    postRoute(['bureau', 'university'], {
      path: '/labs',
      tags,
      summary: '登记实验室/团队',
      roleNote: '高校联络员仅限本校，universityId 可省略',
      body: CreateLab,
      item: Lab,
      conflict: '本校已有同名实验室',
    }),
    async (c) => sendRecord(c, await svc.create(changeContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    patchRoute(['bureau', 'university'], {
      path: '/labs/{id}',
      tags,
      summary: '修改实验室/团队（部分字段）',
      roleNote: '高校联络员仅限本校；所属高校不可修改',
      body: UpdateLab,
      item: Lab,
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
    deleteRoute(['bureau', 'university'], {
      path: '/labs/{id}',
      tags,
      summary: '删除实验室/团队（软删除）',
      roleNote: '高校联络员仅限本校',
      description: '可带 If-Match。',
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, optionalExpectedVersion(c));
      return c.body(null, 204);
    },
  );

  return app;
}
