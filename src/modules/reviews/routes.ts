/** 难题审核 routes: the bureau reviews; the author resubmits after revision; both read the review history. */
import type { AppDeps } from '../../http/env.js';
import { changeContext, recordHeaders } from '../../http/respond.js';
import { defineRoute, jsonBody, jsonResponse, newRouter } from '../../http/route.js';
import { IdParam } from '../../http/schemas.js';
import { optionalExpectedVersion } from '../../http/versioning.js';
import { Problem } from '../problems/schemas.js';
import { ResubmitBody, ReviewBody, ReviewList } from './schemas.js';
import { reviewService } from './service.js';

const tags = ['难题审核'];

export function reviewRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = reviewService(deps);

  app.openapi(
    defineRoute(['bureau'], {
      method: 'post',
      path: '/problems/{id}/review',
      tags,
      summary: '审核技术难题',
      description: '仅「待审核」的难题可审核：approve 发布（对高校可见）、request_revision 退回整改、reject 驳回（「待整改」的也可驳回）。退回与驳回须填写意见，企业可见。可带 version 或 If-Match。',
      request: { params: IdParam, body: jsonBody(ReviewBody) },
      responses: { 200: jsonResponse(Problem, '审核后的难题'), 409: { description: '当前审核状态不允许该操作，或版本冲突' } },
    }),
    async (c) => {
      const { decision, comment, version } = c.req.valid('json');
      const view = await svc.review(changeContext(c), c.req.valid('param').id, decision, comment ?? null, optionalExpectedVersion(c, version));
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['bureau', 'enterprise'], {
      method: 'post',
      path: '/problems/{id}/resubmit',
      tags,
      summary: '整改后重新提交审核',
      roleNote: '企业用户仅限本企业',
      description: '「待整改」的难题修改后重新提交，回到「待审核」。可带 version 或 If-Match。',
      request: { params: IdParam, body: jsonBody(ResubmitBody) },
      responses: { 200: jsonResponse(Problem, '已重新提交'), 409: { description: '难题不在待整改状态，或版本冲突' } },
    }),
    async (c) => {
      const { comment, version } = c.req.valid('json');
      const view = await svc.resubmit(changeContext(c), c.req.valid('param').id, comment ?? null, optionalExpectedVersion(c, version));
      recordHeaders(c, view);
      return c.json(view, 200);
    },
  );

  app.openapi(
    defineRoute(['bureau', 'enterprise'], {
      method: 'get',
      path: '/problems/{id}/reviews',
      tags,
      summary: '审核记录（由早到晚）',
      roleNote: '企业用户仅限本企业',
      request: { params: IdParam },
      responses: { 200: jsonResponse(ReviewList, '审核记录') },
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('param').id), 200),
  );

  return app;
}
