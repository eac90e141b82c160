/** 校企合作协议 routes: the bureau records and maintains agreements; each party reads its own. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../http/env.js';
import { changeContext, recordHeaders } from '../../http/respond.js';
import { defineRoute, jsonBody, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { expectedVersion } from '../../http/versioning.js';
import { Agreement, AgreementList, CreateAgreement, ListAgreementsQuery, UpdateAgreement } from './schemas.js';
import { agreementService } from './service.js';

const tags = ['合作协议'];
const readNote = '企业用户仅见本企业、高校联络员仅见本校为一方的协议';

export function agreementRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = agreementService(deps);

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/agreements', tags, summary: '合作协议列表', roleNote: readNote, request: { query: ListAgreementsQuery }, responses: { 200: jsonResponse(AgreementList, '分页列表') } }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/agreements/{id}', tags, summary: '合作协议详情', roleNote: readNote, request: { params: IdParam }, responses: { 200: jsonResponse(Agreement, '详情，含 version 与 ETag') } }),
    async (c) => {
      const view = await svc.get(c.get('actor'), c.req.valid('param').id);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'post',
      path: '/agreements',
      tags,
      summary: '登记合作协议',
      description: '状态为「已签订」。所列技术难题须属于该企业，签订后进入「已签约」。技术合同认定登记截止为签订后 30 天。',
      request: { body: jsonBody(CreateAgreement) },
      responses: { 201: jsonResponse(Agreement, '已登记') },
    }),
    async (c) => {
      const view = await svc.create(changeContext(c), c.req.valid('json'));
      recordHeaders(c, view, true);
      return c.json(view, 201);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'patch',
      path: '/agreements/{id}',
      tags,
      summary: '修改合作协议（部分字段，含状态与认定登记）',
      description: '状态：signed → in_progress → completed；signed/in_progress → terminated（须填 statusNote）。认定登记须同时填写 registeredOn 与 registrationNo。新增关联的难题进入「已签约」。',
      request: { params: IdParam, body: jsonBody(UpdateAgreement) },
      responses: { 200: jsonResponse(Agreement, '已更新'), 409: { description: '版本冲突或不允许的状态变更' }, 412: { description: 'If-Match 不匹配' } },
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
      path: '/agreements/{id}',
      tags,
      summary: '删除合作协议（软删除）',
      description: '已关联共建研发中心的协议不能删除（409）。可带 If-Match。',
      request: { params: IdParam },
      responses: { 204: { description: '已删除' }, 409: { description: '已关联共建研发中心' } },
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, c.req.header('if-match') ? expectedVersion(c, undefined) : undefined);
      return c.body(null, 204);
    },
  );

  return app;
}
