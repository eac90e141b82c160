/** "What happens next" for one of my problems, in words (我的难题 and the detail page). */
import type { ProblemView } from '../../modules/problems/schemas.js';

export interface ProblemProgress {
  /** Introductions of labs the bureau made that still wait for my answer. */
  awaitingMe: number;
  /** Interests from labs that are still active. */
  interests: number;
  /** The bureau's latest comment when it asked for revision or rejected. */
  reviewComment?: string | null;
}

export function nextStep(p: Pick<ProblemView, 'reviewStatus' | 'stage'>, progress: ProblemProgress): string {
  switch (p.reviewStatus) {
    case 'draft':
      return '草稿：完善后提交审核';
    case 'pending_review':
      return '等待区科技局审核（一般 3 个工作日内）';
    case 'revision_requested':
      return `待整改：${progress.reviewComment ?? '请按审核意见修改后重新提交'}`;
    case 'rejected':
      return `已驳回${progress.reviewComment ? `：${progress.reviewComment}` : ''}，如有需要请重新发布`;
  }
  if (progress.awaitingMe > 0) return `已引荐 ${progress.awaitingMe} 个实验室，等待您确认`;
  switch (p.stage) {
    case 'open':
    case 'matching':
      return progress.interests > 0
        ? `已收到 ${progress.interests} 个合作意向，区科技局将择优引荐`
        : '已发布，等待高校表达意向与区科技局推荐';
    case 'contacted':
      return '已对接，请与实验室商谈合作方案';
    case 'negotiating':
      return '洽谈中，签约后请告知区科技局登记协议';
    case 'agreed':
      return '已签约，执行中';
    case 'solved':
      return '已解决';
    default:
      return '已关闭';
  }
}
