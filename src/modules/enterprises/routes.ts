/** 企业 routes: the bureau manages all enterprises; an enterprise user reads and edits its own. */
import type { AppDeps } from '../../deps.js';
import { deleteRoute, getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { newRouter } from '../../http/route.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import { CreateEnterprise, Enterprise, EnterpriseList, ListEnterprisesQuery, UpdateEnterprise } from './schemas.js';
import { enterpriseService } from './service.js';

const tags = ['企业'];

export function enterpriseRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = enterpriseService(deps);

  app.openapi(
    listRoute(['bureau', 'enterprise'], {
      path: '/enterprises',
      tags,
      summary: '企业列表',
      roleNote: '企业用户仅见本企业',
      query: ListEnterprisesQuery,
      list: EnterpriseList,
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(['bureau', 'enterprise'], {
      path: '/enterprises/{id}',
      tags,
      summary: '企业详情',
      roleNote: '企业用户仅限本企业',
      item: Enterprise,
    }),
    async (c) => sendRecord(c, await svc.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    postRoute(['bureau'], {
      path: '/enterprises',
      tags,
      summary: '登记企业',
      description: 'creditCode（统一社会信用代码）校验校验位，在册企业中唯一。',
      body: CreateEnterprise,
      item: Enterprise,
      conflict: '统一社会信用代码已登记',
    }),
    async (c) => sendRecord(c, await svc.create(changeContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    patchRoute(['bureau', 'enterprise'], {
      path: '/enterprises/{id}',
      tags,
      summary: '修改企业信息（部分字段）',
      roleNote: '企业用户仅限本企业，且不可设置 liaisonId',
      body: UpdateEnterprise,
      item: Enterprise,
      conflict: '版本冲突或信用代码已登记',
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
      path: '/enterprises/{id}',
      tags,
      summary: '删除企业（软删除）',
      description: '仍有在册技术难题时拒绝（409）。可带 If-Match。',
      conflict: '仍有技术难题',
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, optionalExpectedVersion(c));
      return c.body(null, 204);
    },
  );

  return app;
}
