/** The import targets by kind. */
import type { ImportKind } from '../../../db/tables.js';
import type { ImportTarget } from '../target.js';
import { enterpriseTarget } from './enterprises.js';
import { labTarget } from './labs.js';
import { problemTarget } from './problems.js';
import { universityTarget } from './universities.js';

export const TARGETS: Record<ImportKind, ImportTarget> = {
  enterprises: enterpriseTarget,
  universities: universityTarget,
  labs: labTarget,
  problems: problemTarget,
};

export const IMPORT_KINDS = Object.keys(TARGETS) as [ImportKind, ...ImportKind[]];
