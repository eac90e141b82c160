/** 难题审核 routes: the enterprise submits its draft; the bureau reviews; the author resubmits after revision; both read the review history. */
import type { AppDeps } from '../../deps.js';
import { actionRoute, getRoute } from '../../http/resource-routes.js';
import { changeContext, sendRecord } from '../../http/respond.js';
import { newRouter } from '../../http/route.js';
import { optionalExpectedVersion } from '../../http/versioning.js';
import { ResubmitBody, ReviewBody, ReviewList, SubmitBody } from './review-schemas.js';
import { reviewService } from './review-service.js';
import { Problem } from './schemas.js';

const tags = ['难题审核'];
const ownNote = '企业用户仅限本企业';

export function reviewRoutes(deps: AppDeps) {
  const app = newRouter();
  const svc = reviewService(deps);

  app.openapi(
    actionRoute(['bureau'], {
      path: '/problems/{id}/review',
      tags,
      summary: '审核技术难题',
      description:
        '仅「待审核」的难题可审核：approve 发布（对高校可见）、request_revision 退回整改、reject 驳回（「待整改」的也可驳回）。退回与驳回须填写意见，企业可见。可带 version 或 If-Match。',
      body: ReviewBody,
      item: Problem,
      ok: '审核后的难题',
      conflict: '当前审核状态不允许该操作，或版本冲突',
    }),
    async (c) => {
      const { decision, comment, version } = c.req.valid('json');
      return sendRecord(
        c,
        await svc.review(
          changeContext(c),
          c.req.valid('param').id,
          decision,
          comment ?? null,
          optionalExpectedVersion(c, version),
        ),
        200,
      );
    },
  );

  app.openapi(
    actionRoute(['enterprise'], {
      path: '/problems/{id}/submit',
      tags,
      summary: '草稿提交审核',
      roleNote: ownNote,
      description:
        '本企业的「草稿」（以 draft: true 创建）提交区科技局审核，进入「待审核」；此前草稿只有本企业可见。可带 version 或 If-Match。',
      body: SubmitBody,
      item: Problem,
      ok: '已提交审核',
      conflict: '难题不是草稿，或版本冲突',
    }),
    async (c) => {
      const { version } = c.req.valid('json');
      return sendRecord(
        c,
        await svc.submit(changeContext(c), c.req.valid('param').id, optionalExpectedVersion(c, version)),
        200,
      );
    },
  );

  app.openapi(
    actionRoute(['bureau', 'enterprise'], {
      path: '/problems/{id}/resubmit',
      tags,
      summary: '整改后重新提交审核',
      roleNote: ownNote,
      description: '「待整改」的难题修改后重新提交，回到「待审核」。可带 version 或 If-Match。',
      body: ResubmitBody,
      item: Problem,
      ok: '已重新提交',
      conflict: '难题不在待整改状态，或版本冲突',
    }),
    async (c) => {
      const { comment, version } = c.req.valid('json');
      return sendRecord(
        c,
        await svc.resubmit(
          changeContext(c),
          c.req.valid('param').id,
          comment ?? null,
          optionalExpectedVersion(c, version),
        ),
        200,
      );
    },
  );

  app.openapi(
    getRoute(['bureau', 'enterprise'], {
      path: '/problems/{id}/reviews',
      tags,
      summary: '审核记录（由早到晚）',
      roleNote: ownNote,
      item: ReviewList,
      ok: '审核记录',
    }),
    async (c) => c.json(await svc.list(c.get('actor'), c.req.valid('param').id), 200),
  );

  return app;
}
