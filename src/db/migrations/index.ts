/** The ordered list of migrations, imported explicitly so they run the same under tsx and vitest. */
import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-28T0900-initial.js';
import * as embeddings from './2026-11-28T1000-embeddings.js';
import * as brokering from './2026-11-28T1100-brokering.js';
import * as imports from './2026-11-28T1200-imports.js';
import * as accounts from './2026-11-30T1000-accounts.js';
import * as stageReasons from './2026-11-30T1400-stage-reasons.js';
import * as installationSecrets from './2026-11-30T1500-installation-secrets.js';
import * as operations from './2026-11-30T1500-operations.js';
import * as drafts from './2026-11-30T1700-drafts-review-draft.js';
import * as reportEnteredFigures from './2026-11-30T1700-report-entered-figures.js';
import * as importsPreparing from './2026-11-30T1800-imports-preparing.js';

export const migrations: Record<string, Migration> = {
  '2026-11-28T0900-initial': initial,
  '2026-11-28T1000-embeddings': embeddings,
  '2026-11-28T1100-brokering': brokering,
  '2026-11-28T1200-imports': imports,
  '2026-11-30T1000-accounts': accounts,
  '2026-11-30T1400-stage-reasons': stageReasons,
  '2026-11-30T1500-installation-secrets': installationSecrets,
  '2026-11-30T1500-operations': operations,
  '2026-11-30T1700-drafts-review-draft': drafts,
  '2026-11-30T1700-report-entered-figures': reportEnteredFigures,
  '2026-11-30T1800-imports-preparing': importsPreparing,
};
