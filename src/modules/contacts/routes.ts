/** 对接记录 routes: the bureau records contacts and completes follow-ups; enterprises and universities read the contacts about themselves. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { actionRoute, deleteRoute, getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { newRouter } from '../../http/route.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import { CompleteFollowUp, Contact, ContactList, CreateContact, ListContactsQuery, UpdateContact } from './schemas.js';
import { contactService } from './service.js';

const tags = ['对接记录'];
const readNote = '企业用户仅见本企业的对接记录；高校联络员仅见本校实验室参与的对接记录';

export function contactRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = contactService(deps);

  app.openapi(
    listRoute(ALL_ROLES, {
      path: '/contacts',
      tags,
      summary: '对接记录列表',
      roleNote: readNote,
      query: ListContactsQuery,
      list: ContactList,
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(ALL_ROLES, { path: '/contacts/{id}', tags, summary: '对接记录详情', roleNote: readNote, item: Contact }),
    async (c) => sendRecord(c, await svc.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    postRoute(['bureau'], {
      path: '/contacts',
      tags,
      summary: '登记对接记录',
      description:
        '类型：visit 上门服务、meeting 座谈、call 电话、event 活动、online 线上。涉及技术难题的首次对接使其从「征集中」「匹配中」进入「已对接」。',
      body: CreateContact,
      item: Contact,
      created: '已登记',
    }),
    async (c) => sendRecord(c, await svc.create(changeContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    patchRoute(['bureau'], {
      path: '/contacts/{id}',
      tags,
      summary: '修改对接记录（部分字段）',
      description: '改动跟进日期视为新的跟进，之前的完成记录清空。',
      body: UpdateContact,
      item: Contact,
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
      path: '/contacts/{id}/follow-up',
      tags,
      summary: '完成跟进',
      description: '可带 version 或 If-Match。',
      body: CompleteFollowUp,
      item: Contact,
      ok: '已完成跟进',
      conflict: '没有计划跟进、已完成或版本冲突',
    }),
    async (c) => {
      const { note, version } = c.req.valid('json');
      return sendRecord(
        c,
        await svc.completeFollowUp(
          changeContext(c),
          c.req.valid('param').id,
          note ?? null,
          optionalExpectedVersion(c, version),
        ),
        200,
      );
    },
  );

  app.openapi(
    deleteRoute(['bureau'], {
      path: '/contacts/{id}',
      tags,
      summary: '删除对接记录（软删除）',
      description: '可带 If-Match。',
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, optionalExpectedVersion(c));
      return c.body(null, 204);
    },
  );

  return app;
}
