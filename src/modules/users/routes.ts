/** 用户与令牌 routes: the bureau issues and manages tokens; anyone signed in reads who they are. */
import { ALL_ROLES, ROLE_LABELS } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { defineRoute, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { expectedVersion } from '../../http/versioning.js';
import { Activation, CreatedUser, CreateUser, ListUsersQuery, Me, UpdateUser, User, UserList } from './schemas.js';
import { userService } from './service.js';

const tags = ['用户与令牌'];

/** Where activation links point: PUBLIC_URL when set, else the address this request came to. */
const siteBase = (c: { req: { url: string } }, deps: AppDeps) => deps.config.publicUrl ?? new URL(c.req.url).origin;

export function userRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = userService(deps);

  app.openapi(
    defineRoute(ALL_ROLES, {
      method: 'get',
      path: '/me',
      tags,
      summary: '当前令牌对应的用户与角色',
      responses: { 200: jsonResponse(Me, '当前用户') },
    }),
    (c) => {
      const a = c.get('actor');
      return c.json(
        {
          userId: a.userId,
          name: a.name,
          role: a.role,
          roleLabel: ROLE_LABELS[a.role],
          enterpriseId: a.enterpriseId,
          universityId: a.universityId,
        },
        200,
      );
    },
  );

  app.openapi(
    postRoute(['bureau'], {
      path: '/users',
      tags,
      summary: '创建用户并签发令牌与激活链接',
      description:
        '令牌与激活链接只在此响应中出现一次，数据库仅保存其哈希。用户打开激活链接（72 小时内有效）设置登录名和密码后，即可在网页登录。',
      body: CreateUser,
      item: CreatedUser,
      created: '已创建，含一次性令牌',
    }),
    async (c) => {
      const view = await svc.create(changeContext(c), c.req.valid('json'), siteBase(c, deps));
      c.header('Cache-Control', 'no-store');
      return sendRecord(c, view, 201);
    },
  );

  app.openapi(
    defineRoute(['bureau'], {
      method: 'post',
      path: '/users/{id}/activation',
      tags,
      summary: '重新签发激活链接（激活或重设密码）',
      description:
        '签发新的一次性激活链接（72 小时内有效，仅此一次显示）；该用户此前未使用的链接随即失效。用户用它设置新密码后，其已登录的会话全部结束。',
      request: { params: IdParam },
      responses: { 201: jsonResponse(Activation, '新的激活链接'), 409: { description: '用户已停用' } },
    }),
    async (c) => {
      const view = await svc.issueActivation(changeContext(c), c.req.valid('param').id, siteBase(c, deps));
      c.header('Cache-Control', 'no-store');
      return c.json(view, 201);
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
    patchRoute(['bureau'], {
      path: '/users/{id}',
      tags,
      summary: '修改姓名或停用/恢复用户（停用即结束其全部登录会话）',
      body: UpdateUser,
      item: User,
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

  return app;
}
