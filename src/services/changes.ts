/**
 * Every change to a record writes, in the caller's transaction, an audit row (who, what, when,
 * before/after) and, for records the search index holds, an outbox row the indexer drains.
 */
import type { Transaction } from 'kysely';
import { type Actor } from '../auth/actor.js';
import type { Database } from '../db/tables.js';

export type Tx = Transaction<Database>;

/** Records the search index is built from. */
export const INDEXED_ENTITIES = new Set(['problem', 'lab', 'enterprise', 'university']);

export interface ChangeContext {
  actor: Actor;
  requestId?: string;
}

export interface Change {
  entity: string;
  entityId: string;
  action: 'create' | 'update' | 'delete';
  before?: unknown;
  after?: unknown;
}

export async function recordChange(tx: Tx, ctx: ChangeContext, change: Change): Promise<void> {
  await tx
    .insertInto('auditLog')
    .values({
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.name,
      action: change.action,
      entity: change.entity,
      entityId: change.entityId,
      before: change.before === undefined ? null : JSON.stringify(change.before),
      after: change.after === undefined ? null : JSON.stringify(change.after),
      requestId: ctx.requestId ?? null,
    })
    .execute();
  if (INDEXED_ENTITIES.has(change.entity)) {
    await tx
      .insertInto('outbox')
      .values({ entity: change.entity, entityId: change.entityId, op: change.action === 'delete' ? 'delete' : 'upsert', lastError: null, processedAt: null })
      .execute();
  }
}
