/** 对接记录 routes: the bureau records contacts and completes follow-ups; enterprises and universities read the contacts about themselves. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../http/env.js';
import { changeContext, recordHeaders } from '../../http/respond.js';
import { defineRoute, jsonBody, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import { CompleteFollowUp, Contact, ContactList, CreateContact, ListContactsQuery, UpdateContact } from './schemas.js';
import { contactService } from './service.js';

const tags = ['对接记录'];
const readNote = '企业用户仅见本企业的对接记录；高校联络员仅见本校实验室参与的对接记录';

export function contactRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = contactService(deps);

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/contacts', tags, summary: '对接记录列表', roleNote: readNote, request: { query: ListContactsQuery }, responses: { 200: jsonResponse(ContactList, '分页列表') } }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/contacts/{id}', tags, summary: '对接记录详情', roleNote: readNote, request: { params: IdParam }, responses: { 200: jsonResponse(Contact, '详情，含 version 与 ETag') } }),
    async (c) => {
      const view = await svc.get(c.get('actor'), c.req.valid('param').id);
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'post',
      path: '/contacts',
      tags,
      summary: '登记对接记录',
      description: '类型：visit 上门服务、meeting 座谈、call 电话、event 活动、online 线上。涉及技术难题的首次对接使其从「征集中」「匹配中」进入「已对接」。',
      request: { body: jsonBody(CreateContact) },
      responses: { 201: jsonResponse(Contact, '已登记') },
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
      path: '/contacts/{id}',
      tags,
      summary: '修改对接记录（部分字段）',
      description: '改动跟进日期视为新的跟进，之前的完成记录清空。',
      request: { params: IdParam, body: jsonBody(UpdateContact) },
      responses: { 200: jsonResponse(Contact, '已更新'), 409: { description: '版本冲突' }, 412: { description: 'If-Match 不匹配' } },
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
      method: 'post',
      path: '/contacts/{id}/follow-up',
      tags,
      summary: '完成跟进',
      description: '可带 version 或 If-Match。',
      request: { params: IdParam, body: jsonBody(CompleteFollowUp) },
      responses: { 200: jsonResponse(Contact, '已完成跟进'), 409: { description: '没有计划跟进、已完成或版本冲突' } },
    }),
    async (c) => {
      const { note, version } = c.req.valid('json');
      const view = await svc.completeFollowUp(changeContext(c), c.req.valid('param').id, note ?? null, optionalExpectedVersion(c, version));
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'delete',
      path: '/contacts/{id}',
      tags,
      summary: '删除对接记录（软删除）',
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
