/** Small helpers every resource's routes use to read the caller and answer with a record. */
import type { Context } from 'hono';
import type { ChangeContext } from '../db/changes.js';
import type { AppEnv } from './env.js';
import { etagOf } from './versioning.js';

export const changeContext = (c: Context<AppEnv>): ChangeContext => ({
  actor: c.get('actor'),
  requestId: c.get('requestId'),
});

/** Sets the record's ETag (and Location for a create) before the JSON body is sent. */
export function recordHeaders(c: Context<AppEnv>, view: { id: string; version: number }, created = false): void {
  c.header('ETag', etagOf(view.version));
  if (created) c.header('Location', `${c.req.path.replace(/\/$/, '')}/${view.id}`);
}

/** Answers with a record: its headers (Location too when `status` is 201), then the JSON body. */
export function sendRecord<T extends { id: string; version: number }, S extends 200 | 201>(
  c: Context<AppEnv>,
  view: T,
  status: S,
) {
  recordHeaders(c, view, status === 201);
  return c.json(view, status);
}
