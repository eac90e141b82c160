/** 推荐与引荐 routes: the bureau shortlists, introduces and withdraws; the two sides see introductions made and accept or decline them. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { actionRoute, getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { newRouter } from '../../http/route.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import {
  AcceptBody,
  CreateIntroduction,
  DeclineBody,
  IntroduceBody,
  Introduction,
  IntroductionList,
  ListIntroductionsQuery,
  UpdateIntroduction,
  WithdrawBody,
} from './schemas.js';
import { introductionService } from './service.js';

const tags = ['推荐与引荐'];
const readNote = '企业用户仅见本企业难题、高校联络员仅见本校实验室已引荐的记录（不含候选名单）';
const sideNote = '企业用户代表难题所属企业，高校联络员代表实验室所属高校';
const conflict = '当前状态不允许该操作，或版本冲突';

export function introductionRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = introductionService(deps);

  app.openapi(
    listRoute(ALL_ROLES, {
      path: '/introductions',
      tags,
      summary: '推荐与引荐列表',
      roleNote: readNote,
      query: ListIntroductionsQuery,
      list: IntroductionList,
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(ALL_ROLES, {
      path: '/introductions/{id}',
      tags,
      summary: '推荐与引荐详情',
      roleNote: readNote,
      item: Introduction,
    }),
    async (c) => sendRecord(c, await svc.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    postRoute(['bureau'], {
      path: '/introductions',
      tags,
      summary: '推荐候选实验室 / 引荐',
      description:
        '把实验室列入难题的候选名单（source：match 系统推荐、interest 高校意向、manual 人工推荐）；introduce: true 则直接引荐。难题须已发布且未关闭；「征集中」的难题随之进入「匹配中」。',
      body: CreateIntroduction,
      item: Introduction,
      created: '已登记',
      conflict: '该实验室已在候选或引荐名单中',
    }),
    async (c) => sendRecord(c, await svc.create(changeContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    patchRoute(['bureau'], {
      path: '/introductions/{id}',
      tags,
      summary: '修改推荐理由或得分',
      body: UpdateIntroduction,
      item: Introduction,
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
      path: '/introductions/{id}/introduce',
      tags,
      summary: '引荐候选实验室',
      description:
        '候选 → 已引荐：该实验室所属高校可见企业身份与联系方式，企业可见实验室联系人。「征集中」的难题进入「匹配中」。',
      body: IntroduceBody,
      item: Introduction,
      ok: '已引荐',
      conflict,
    }),
    async (c) =>
      sendRecord(
        c,
        await svc.introduce(
          changeContext(c),
          c.req.valid('param').id,
          optionalExpectedVersion(c, c.req.valid('json').version),
        ),
        200,
      ),
  );

  app.openapi(
    actionRoute(['enterprise', 'university'], {
      path: '/introductions/{id}/accept',
      tags,
      summary: '同意对接',
      roleNote: sideNote,
      description: '双方都同意后状态为「双方同意对接」。',
      body: AcceptBody,
      item: Introduction,
      ok: '已同意',
      conflict,
    }),
    async (c) =>
      sendRecord(
        c,
        await svc.accept(
          changeContext(c),
          c.req.valid('param').id,
          optionalExpectedVersion(c, c.req.valid('json').version),
        ),
        200,
      ),
  );

  app.openapi(
    actionRoute(['enterprise', 'university'], {
      path: '/introductions/{id}/decline',
      tags,
      summary: '婉拒对接',
      roleNote: sideNote,
      description: '须说明原因；另一方与区科技局可见。',
      body: DeclineBody,
      item: Introduction,
      ok: '已婉拒',
      conflict,
    }),
    async (c) => {
      const { reason, version } = c.req.valid('json');
      return sendRecord(
        c,
        await svc.decline(changeContext(c), c.req.valid('param').id, reason, optionalExpectedVersion(c, version)),
        200,
      );
    },
  );

  app.openapi(
    actionRoute(['bureau'], {
      path: '/introductions/{id}/withdraw',
      tags,
      summary: '撤销推荐或引荐',
      body: WithdrawBody,
      item: Introduction,
      ok: '已撤销',
      conflict,
    }),
    async (c) => {
      const { reason, version } = c.req.valid('json');
      return sendRecord(
        c,
        await svc.withdraw(changeContext(c), c.req.valid('param').id, reason, optionalExpectedVersion(c, version)),
        200,
      );
    },
  );

  return app;
}
