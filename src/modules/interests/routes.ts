/** 合作意向 routes: university liaisons express and withdraw interest for their labs; enterprises see interest in their problems; the bureau sees all. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../http/env.js';
import { changeContext, recordHeaders } from '../../http/respond.js';
import { defineRoute, jsonBody, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import { CreateInterest, Interest, InterestList, ListInterestsQuery, UpdateInterest, WithdrawInterest } from './schemas.js';
import { interestService } from './service.js';

const tags = ['合作意向'];
const readNote = '企业用户仅见本企业难题收到的意向，引荐前不含联系人；高校联络员仅见本校';

export function interestRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = interestService(deps);

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/interests', tags, summary: '合作意向列表', roleNote: readNote, request: { query: ListInterestsQuery }, responses: { 200: jsonResponse(InterestList, '分页列表') } }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/interests/{id}', tags, summary: '合作意向详情', roleNote: readNote, request: { params: IdParam }, responses: { 200: jsonResponse(Interest, '详情，含 version 与 ETag') } }),
    async (c) => {
      const view = await svc.get(c.get('actor'), c.req.valid('param').id);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['university'], {
      method: 'post',
      path: '/interests',
      tags,
      summary: '表达合作意向',
      description: '为本校一个实验室/团队，对一项已发布、未关闭的技术难题表达意向，附简短说明。同一实验室对同一难题只能有一条有效意向。',
      request: { body: jsonBody(CreateInterest) },
      responses: { 201: jsonResponse(Interest, '已登记'), 409: { description: '已有有效意向' } },
    }),
    async (c) => {
      const view = await svc.create(changeContext(c), c.req.valid('json'));
      recordHeaders(c, view, true);
      return c.json(view, 201);
    },
  );

  app.openapi(
    defineRoute(['university'], {
      method: 'patch',
      path: '/interests/{id}',
      tags,
      summary: '修改意向说明',
      roleNote: '仅本校，且意向有效',
      request: { params: IdParam, body: jsonBody(UpdateInterest) },
      responses: { 200: jsonResponse(Interest, '已更新'), 409: { description: '版本冲突或意向已撤回' }, 412: { description: 'If-Match 不匹配' } },
    }),
    async (c) => {
      const { version, ...patch } = c.req.valid('json');
      const view = await svc.update(changeContext(c), c.req.valid('param').id, expectedVersion(c, version), patch);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['university'], {
      method: 'post',
      path: '/interests/{id}/withdraw',
      tags,
      summary: '撤回合作意向',
      roleNote: '仅本校',
      description: '可带 version 或 If-Match。',
      request: { params: IdParam, body: jsonBody(WithdrawInterest) },
      responses: { 200: jsonResponse(Interest, '已撤回'), 409: { description: '已撤回或版本冲突' } },
    }),
    async (c) => {
      const { reason, version } = c.req.valid('json');
      const view = await svc.withdraw(changeContext(c), c.req.valid('param').id, reason ?? null, optionalExpectedVersion(c, version));
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  return app;
}
