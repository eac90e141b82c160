/**
 * 合作协议 (/bureau/agreements) and 共建研发中心 (/bureau/centres): the bureau's records of signed
 * agreements (with the technology-contract registration deadline) and co-built R&D centres (with
 * their status and level history) — lists, forms and record pages, each in its own file.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps.js';
import type { WebEnv } from '../env.js';
import { requireRole } from '../session.js';
import { agreementPages } from './agreements.js';
import { centrePages } from './centres.js';

export function bureauRecordPages(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  for (const path of ['/bureau/agreements', '/bureau/agreements/*', '/bureau/centres', '/bureau/centres/*'])
    app.use(path, requireRole('bureau'));
  app.route('/', agreementPages(deps));
  app.route('/', centrePages(deps));
  return app;
}
