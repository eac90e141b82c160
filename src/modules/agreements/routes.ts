/** 校企合作协议 routes: the bureau records and maintains agreements; each party reads its own. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { REGISTRATION_DAYS } from '../../domain/agreements.js';
import { deleteRoute, getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { newRouter } from '../../http/route.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import { Agreement, AgreementList, CreateAgreement, ListAgreementsQuery, UpdateAgreement } from './schemas.js';
import { agreementService } from './service.js';

const tags = ['合作协议'];
const readNote = '企业用户仅见本企业、高校联络员仅见本校为一方的协议';

export function agreementRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = agreementService(deps);

  app.openapi(
    listRoute(ALL_ROLES, {
      path: '/agreements',
      tags,
      summary: '合作协议列表',
      roleNote: readNote,
      query: ListAgreementsQuery,
      list: AgreementList,
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(ALL_ROLES, {
      path: '/agreements/{id}',
      tags,
      summary: '合作协议详情',
      roleNote: readNote,
      item: Agreement,
    }),
    async (c) => sendRecord(c, await svc.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    postRoute(['bureau'], {
      path: '/agreements',
      tags,
      summary: '登记合作协议',
      description: `状态为「已签订」。所列技术难题须属于该企业，签订后进入「已签约」。技术合同认定登记截止为签订后 ${REGISTRATION_DAYS} 天。`,
      body: CreateAgreement,
      item: Agreement,
      created: '已登记',
    }),
    async (c) => sendRecord(c, await svc.create(changeContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    patchRoute(['bureau'], {
      path: '/agreements/{id}',
      tags,
      summary: '修改合作协议（部分字段，含状态与认定登记）',
      description:
        '状态：signed → in_progress → completed；signed/in_progress → terminated（须填 statusNote）。认定登记须同时填写 registeredOn 与 registrationNo。新增关联的难题进入「已签约」。',
      body: UpdateAgreement,
      item: Agreement,
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
    deleteRoute(['bureau'], {
      path: '/agreements/{id}',
      tags,
      summary: '删除合作协议（软删除）',
      description: '已关联共建研发中心的协议不能删除（409）。可带 If-Match。',
      conflict: '已关联共建研发中心',
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, optionalExpectedVersion(c));
      return c.body(null, 204);
    },
  );

  return app;
}
