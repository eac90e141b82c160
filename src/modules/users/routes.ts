/** 用户与令牌 routes: the bureau issues and manages tokens; anyone signed in reads who they are. */
import { ALL_ROLES, ROLE_LABELS } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { defineRoute, jsonResponse, newRouter } from '../../http/route.js';
import { expectedVersion } from '../../http/versioning.js';
import { CreatedUser, CreateUser, ListUsersQuery, Me, UpdateUser, User, UserList } from './schemas.js';
import { userService } from './service.js';

const tags = ['用户与令牌'];

export function userRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = userService(deps);

  app.openapi(
    defineRoute(ALL_ROLES, { method: 'get', path: '/me', tags, summary: '当前令牌对应的用户与角色', responses: { 200: jsonResponse(Me, '当前用户') } }),
    (c) => {
      const a = c.get('actor');
      return c.json({ userId: a.userId, name: a.name, role: a.role, roleLabel: ROLE_LABELS[a.role], enterpriseId: a.enterpriseId, universityId: a.universityId }, 200);
    },
  );

  app.openapi(
    postRoute(['bureau'], {
      path: '/users',
      tags,
      summary: '创建用户并签发令牌',
      description: '令牌只在此响应中出现一次，数据库仅保存其哈希。',
      body: CreateUser,
      item: CreatedUser,
      created: '已创建，含一次性令牌',
    }),
    async (c) => {
      const view = await svc.create(changeContext(c), c.req.valid('json'));
      c.header('Cache-Control', 'no-store');
      return sendRecord(c, view, 201);
    },
  );

  app.openapi(
    listRoute(['bureau'], { path: '/users', tags, summary: '用户列表', query: ListUsersQuery, list: UserList }),
    async (c) => c.json(await svc.list(c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(['bureau'], { path: '/users/{id}', tags, summary: '用户详情', item: User, ok: '详情' }),
    async (c) => sendRecord(c, await svc.get(c.req.valid('param').id), 200),
  );

  app.openapi(
    patchRoute(['bureau'], { path: '/users/{id}', tags, summary: '修改姓名或停用/恢复令牌', body: UpdateUser, item: User }),
    async (c) => {
      const { version, ...patch } = c.req.valid('json');
      return sendRecord(c, await svc.update(changeContext(c), c.req.valid('param').id, expectedVersion(c, version), patch), 200);
    },
  );

  return app;
}
