/** 技术难题/需求 routes: enterprises post and manage their own; universities read public ones; the bureau brokers all. */
import { ALL_ROLES } from '../../auth/actor.js';
import type { AppDeps } from '../../deps.js';
import { deleteRoute, getRoute, listRoute, patchRoute, postRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { defineRoute, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { expectedVersion, optionalExpectedVersion } from '../../http/versioning.js';
import {
  CreateProblem,
  Hints,
  ListProblemsQuery,
  Problem,
  ProblemList,
  ProblemWithHints,
  UpdateProblem,
} from './schemas.js';
import { problemService } from './service.js';
import { Timeline, TimelineQuery } from './timeline-schemas.js';

const tags = ['技术难题'];
const readNote =
  '企业用户仅见本企业；高校联络员仅见已发布、公开且未关闭的难题，不含企业身份与联系方式——区科技局引荐本校实验室后，该难题对本校可见并显示企业身份与联系方式';
const ownNote = '企业用户仅限本企业';

export function problemRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = problemService(deps);

  app.openapi(
    listRoute(ALL_ROLES, {
      path: '/problems',
      tags,
      summary: '技术难题列表',
      roleNote: readNote,
      query: ListProblemsQuery,
      list: ProblemList,
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('query')), 200),
  );

  app.openapi(
    getRoute(ALL_ROLES, { path: '/problems/{id}', tags, summary: '技术难题详情', roleNote: readNote, item: Problem }),
    async (c) => sendRecord(c, await svc.get(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    defineRoute(ALL_ROLES, {
      method: 'get',
      path: '/problems/{id}/history',
      tags,
      summary: '难题时间线（由早到晚）',
      description:
        '合并阶段变更、审核、合作意向、引荐、对接记录与协议。企业用户不含区科技局的候选名单；高校联络员仅见阶段变更与本校实验室相关的事件，不含审核。',
      roleNote: readNote,
      request: { params: IdParam, query: TimelineQuery },
      responses: { 200: jsonResponse(Timeline, '时间线') },
    }),
    async (c) => c.json(await svc.history(c.get('actor'), c.req.valid('param').id, c.req.valid('query').kinds), 200),
  );

  app.openapi(
    getRoute(['bureau', 'enterprise'], {
      path: '/problems/{id}/hints',
      tags,
      summary: '撰写提示',
      description: '指出描述过短、缺少量化指标、现状与约束、预算、期限，或技术领域与描述不一致，便于审核前完善。',
      roleNote: ownNote,
      item: Hints,
      ok: '提示列表（可能为空）',
    }),
    async (c) => c.json(await svc.hints(c.get('actor'), c.req.valid('param').id), 200),
  );

  app.openapi(
    postRoute(['bureau', 'enterprise'], {
      path: '/problems',
      tags,
      summary: '发布技术难题',
      roleNote: '企业用户仅限本企业，enterpriseId 可省略',
      description:
        '新难题处于「征集中」（open）阶段。企业发布的难题先「待审核」（pending_review），区科技局审核通过后才对高校可见；区科技局发布的默认直接「已发布」（publish: false 则待审核）。响应含撰写提示 hints。',
      body: CreateProblem,
      item: ProblemWithHints,
      created: '已登记，含撰写提示',
    }),
    async (c) => sendRecord(c, await svc.create(changeContext(c), c.req.valid('json')), 201),
  );

  app.openapi(
    patchRoute(['bureau', 'enterprise'], {
      path: '/problems/{id}',
      tags,
      summary: '修改技术难题（部分字段，含阶段）',
      roleNote: '企业用户仅限本企业，阶段只能改为已关闭，不能指定联络员',
      description:
        '阶段：向后推进到任一后续阶段；任何阶段可关闭；已关闭可重新开放（open）。变更阶段须填 stageReason。已驳回的难题企业不能修改。响应含撰写提示 hints；待整改的难题修改后请调用 POST /problems/{id}/resubmit。',
      body: UpdateProblem,
      item: ProblemWithHints,
      updated: '已更新，含撰写提示',
      conflict: '版本冲突或不允许的阶段变更',
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
    deleteRoute(['bureau', 'enterprise'], {
      path: '/problems/{id}',
      tags,
      summary: '删除技术难题（软删除）',
      roleNote: ownNote,
      description: '可带 If-Match。',
    }),
    async (c) => {
      await svc.remove(changeContext(c), c.req.valid('param').id, optionalExpectedVersion(c));
      return c.body(null, 204);
    },
  );

  return app;
}
