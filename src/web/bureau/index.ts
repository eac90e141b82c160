/**
 * The bureau's workbench (issue 11): every page under `/bureau` is for 区科技局 officers only —
 * the gate here covers all of them, so a university or enterprise session gets the 403 page.
 * Each page (group) lives in its own file; this router mounts them.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import type { WebEnv } from '../env.js';
import { requireRole } from '../session.js';
import { followUpPages } from './follow-ups.js';
import { homePage } from './home.js';
import { importJobPages } from './import-job.js';
import { importPages } from './imports.js';
import { pipelinePages } from './pipeline.js';
import { problemActions } from './problem-actions.js';
import { reviewPages } from './review.js';

export function bureauPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.use('/bureau', requireRole('bureau'));
  app.use('/bureau/*', requireRole('bureau'));
  app.route('/', homePage(deps));
  app.route('/', reviewPages(deps));
  app.route('/', problemActions(deps));
  app.route('/', pipelinePages(deps));
  app.route('/', followUpPages(deps));
  app.route('/', importPages(deps));
  app.route('/', importJobPages(deps));
  return app;
}
