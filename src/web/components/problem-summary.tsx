/**
 * The rows every reader's problem page shows alike (the enterprise's 难题详情, the liaison's 需求详情):
 * description, domains, keywords, budget and deadline, as `<dt>/<dd>` pairs for a `summary-list`
 * that adds its own rows around them (the enterprise's name, visibility, posting time).
 */
import type { ProblemView } from '../../modules/problems/schemas.js';
import { domainNames, formatDay, formatWan, joinList } from './format.js';

export function ProblemSummaryRows({
  problem,
}: {
  problem: Pick<ProblemView, 'description' | 'domains' | 'keywords' | 'budgetWan' | 'deadline'>;
}) {
  return (
    <>
      <dt>描述</dt>
      <dd class="prewrap">{problem.description}</dd>
      <dt>技术领域</dt>
      <dd>{domainNames(problem.domains)}</dd>
      <dt>关键词</dt>
      <dd>{joinList(problem.keywords)}</dd>
      <dt>预算</dt>
      <dd>{formatWan(problem.budgetWan)}</dd>
      <dt>期望完成</dt>
      <dd>{formatDay(problem.deadline)}</dd>
    </>
  );
}
