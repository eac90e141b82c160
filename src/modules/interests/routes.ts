/** 合作意向 routes: university liaisons express and withdraw interest for their labs; enterprises see interest in their problems; the bureau sees all. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { actionRoute, getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { newRouter } from '../../http/route.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import {
  CreateInterest,
  Interest,
  InterestList,
  ListInterestsQuery,
  UpdateInterest,
  WithdrawInterest,
} from './schemas.js';
import { interestService } from './service.js';

const tags = ['合作意向'];
const readNote = '企业用户仅见本企业难题收到的意向，引荐前不含联系人；高校联络员仅见本校';

export function interestRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = interestService(deps);

  app.openapi(
    listRoute(ALL_ROLES, {
      path: '/interests',
      tags,
      summary: '合作意向列表',
      roleNote: readNote,
      query: ListInterestsQuery,
      list: InterestList,
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(ALL_ROLES, { path: '/interests/{id}', tags, summary: '合作意向详情', roleNote: readNote, item: Interest }),
    async (c) => sendRecord(c, await svc.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    postRoute(['university'], {
      path: '/interests',
      tags,
      summary: '表达合作意向',
      description:
        '为本校一个实验室/团队，对一项已发布、未关闭的技术难题表达意向，附简短说明。同一实验室对同一难题只能有一条有效意向。',
      body: CreateInterest,
      item: Interest,
      created: '已登记',
      conflict: '已有有效意向',
    }),
    async (c) => sendRecord(c, await svc.create(changeContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    patchRoute(['university'], {
      path: '/interests/{id}',
      tags,
      summary: '修改意向说明',
      roleNote: '仅本校，且意向有效',
      body: UpdateInterest,
      item: Interest,
      conflict: '版本冲突或意向已撤回',
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
    actionRoute(['university'], {
      path: '/interests/{id}/withdraw',
      tags,
      summary: '撤回合作意向',
      roleNote: '仅本校',
      description: '可带 version 或 If-Match。',
      body: WithdrawInterest,
      item: Interest,
      ok: '已撤回',
      conflict: '已撤回或版本冲突',
    }),
    async (c) => {
      const { reason, version } = c.req.valid('json');
      return sendRecord(
        c,
        await svc.withdraw(
          changeContext(c),
          c.req.valid('param').id,
          reason ?? null,
          optionalExpectedVersion(c, version),
        ),
        200,
      );
    },
  );

  return app;
}
