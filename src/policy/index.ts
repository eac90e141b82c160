/**
 * 可见性策略: who may see what, in one place. Web pages and routes import from here; the rules'
 * three forms (predicate, Kysely expression, engine filter) are tested to agree in
 * test/policy/matrix.test.ts. The rules themselves are written out in docs/visibility.md.
 */
export * from './rules.js';
export { canWriteProblem, problemView, type ProblemRecord } from './problem-view.js';
export {
  renderStageReason,
  stageReason,
  stageReasonText,
  storedStageReason,
  STAGE_REASON_CODES,
  type ReasonAudience,
  type StageReason,
  type StageReasonCode,
} from './stage-reasons.js';
export { searchDocumentView, searchFacets, searchFilters, searchHitView } from './search-view.js';
export {
  actorNameFor,
  stageEntryView,
  timelineScope,
  type EventActor,
  type ProblemAudience,
  type StageEntry,
  type TimelineScope,
} from './timeline-view.js';
