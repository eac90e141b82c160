/**
 * Every change to a record writes, in the caller's transaction, an audit row (who, what, when,
 * before/after) and, for records the search index holds, an outbox row the indexer drains.
 */
import type { Transaction } from 'kysely';
import { type Actor } from '../auth/actor.js';
import type { Database } from './tables.js';

export type Tx = Transaction<Database>;

/** Records the search index is built from (an introduction changes who may read its problem). */
export const INDEXED_ENTITIES = new Set(['problem', 'lab', 'enterprise', 'university', 'introduction']);

export interface ChangeContext {
  actor: Actor;
  requestId?: string;
  /**
   * When the change happens. Omitted in requests (the database's clock stamps the rows); the demo
   * seed sets it to replay a past event, so every row the change writes carries the event's time.
   */
  at?: Date;
}

export interface Change {
  entity: string;
  entityId: string;
  action: 'create' | 'update' | 'delete';
  before?: unknown;
  after?: unknown;
}

export const recordChange = (tx: Tx, ctx: ChangeContext, change: Change): Promise<void> =>
  recordChanges(tx, ctx, [change]);

/** Many changes in one statement per table (bulk imports write a batch at a time). */
export async function recordChanges(tx: Tx, ctx: ChangeContext, changes: readonly Change[]): Promise<void> {
  if (!changes.length) return;
  await tx
    .insertInto('auditLog')
    .values(
      changes.map((change) => ({
        actorUserId: ctx.actor.userId,
        actorName: ctx.actor.name,
        action: change.action,
        entity: change.entity,
        entityId: change.entityId,
        before: change.before === undefined ? null : JSON.stringify(change.before),
        after: change.after === undefined ? null : JSON.stringify(change.after),
        requestId: ctx.requestId ?? null,
        ...(ctx.at ? { at: ctx.at } : {}),
      })),
    )
    .execute();
  const indexed = changes.filter((change) => INDEXED_ENTITIES.has(change.entity));
  if (indexed.length) {
    await tx
      .insertInto('outbox')
      .values(
        indexed.map((change) => ({
          entity: change.entity,
          entityId: change.entityId,
          op: change.action === 'delete' ? ('delete' as const) : ('upsert' as const),
        })),
      )
      .execute();
  }
}
