/** 共建研发中心 routes: the bureau records centres, their status and level upgrades; each party reads its own. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { actionRoute, deleteRoute, getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { newRouter } from '../../http/route.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import {
  Centre,
  CentreHistory,
  CentreList,
  CreateCentre,
  ListCentresQuery,
  UpdateCentre,
  UpgradeLevel,
} from './schemas.js';
import { centreService } from './service.js';

const tags = ['共建研发中心'];
const readNote = '企业用户仅见本企业、高校联络员仅见本校共建的中心';

export function centreRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = centreService(deps);

  app.openapi(
    listRoute(ALL_ROLES, {
      path: '/centres',
      tags,
      summary: '共建研发中心列表',
      roleNote: readNote,
      query: ListCentresQuery,
      list: CentreList,
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(ALL_ROLES, { path: '/centres/{id}', tags, summary: '共建研发中心详情', roleNote: readNote, item: Centre }),
    async (c) => sendRecord(c, await svc.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    getRoute(ALL_ROLES, {
      path: '/centres/{id}/history',
      tags,
      summary: '状态与级别变更记录（由早到晚）',
      roleNote: readNote,
      item: CentreHistory,
      ok: '变更记录',
    }),
    async (c) => c.json(await svc.history(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    postRoute(['bureau'], {
      path: '/centres',
      tags,
      summary: '登记共建研发中心',
      description:
        '类型：rd_centre 研发中心、engineering_centre 工程技术研究中心、key_lab 重点实验室。新中心为「筹建」状态。',
      body: CreateCentre,
      item: Centre,
      created: '已登记',
    }),
    async (c) => sendRecord(c, await svc.create(changeContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    patchRoute(['bureau'], {
      path: '/centres/{id}',
      tags,
      summary: '修改共建研发中心（部分字段，含状态）',
      description:
        '状态：planned → building → operating → recognized（可跳过），任何状态可撤销（revoked，须填 statusNote）。级别不在此修改，用 POST /centres/{id}/level。',
      body: UpdateCentre,
      item: Centre,
      conflict: '版本冲突或不允许的状态变更',
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
    actionRoute(['bureau'], {
      path: '/centres/{id}/level',
      tags,
      summary: '记录级别升级',
      description:
        '已认定的中心获更高级别认定（区级 → 市级 → 省级 → 国家级）；原级别保留在变更记录中。可带 version 或 If-Match。',
      body: UpgradeLevel,
      item: Centre,
      ok: '已升级',
      conflict: '尚未认定、级别不高于当前或版本冲突',
    }),
    async (c) => {
      const { version, ...input } = c.req.valid('json');
      return sendRecord(
        c,
        await svc.upgrade(changeContext(c), c.req.valid('param').id, input, optionalExpectedVersion(c, version)),
        200,
      );
    },
  );

  app.openapi(
    deleteRoute(['bureau'], {
      path: '/centres/{id}',
      tags,
      summary: '删除共建研发中心（软删除）',
      description: '可带 If-Match。',
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, optionalExpectedVersion(c));
      return c.body(null, 204);
    },
  );

  return app;
}
