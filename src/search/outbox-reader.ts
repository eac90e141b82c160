/**
 * Reading the outbox as a log. Every reader keeps a position (tx, id): the writing transaction's
 * id and the row's id. Rows are read in that order and only below the oldest transaction still
 * running, so a row a slow transaction commits later can never land behind a position already
 * passed (ids alone are handed out at insert, not at commit). Rows newer transactions have already
 * committed need not wait for an older one still running: a reader applies them ahead
 * (`committedAhead`) and remembers their transactions until its position passes them. Each embedded engine reads the whole
 * log from its own position; the shared engine (Meilisearch) has one reader at a time, holding a
 * lease in `outbox_consumers`. Rows are pruned once every live reader has passed them.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/tables.js';

export interface Position {
  tx: string;
  id: string;
}

export interface OutboxRow extends Position {
  entity: string;
  entityId: string;
}

export const START: Position = { tx: '0', id: '0' };

/** The next rows after `from` whose transactions (and every earlier one) have finished. */
export async function rowsAfter(db: Kysely<Database>, from: Position, limit: number): Promise<OutboxRow[]> {
  const r = await sql<OutboxRow>`
    SELECT tx::text AS tx, id::text AS id, entity, entity_id AS "entityId" FROM outbox
    WHERE (tx, id) > (${from.tx}::xid8, ${from.id}::bigint) AND tx < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY tx, id LIMIT ${limit}`.execute(db);
  return r.rows;
}

/**
 * Rows after `from` that transactions at or above the horizon have already committed (a SELECT sees
 * no other), except those of the transactions in `skip`. `rowsAfter` holds them back until every
 * older transaction has finished, however unrelated; a reader may apply them now and skip them
 * (or, idempotently, apply them again) when its position passes them. A transaction's rows become
 * visible all at once, at its commit, so a reader may count a transaction it has read whole as done.
 */
export async function committedAhead(
  db: Kysely<Database>,
  from: Position,
  skip: readonly string[],
  limit: number,
): Promise<OutboxRow[]> {
  const r = await sql<OutboxRow>`
    SELECT tx::text AS tx, id::text AS id, entity, entity_id AS "entityId" FROM outbox
    WHERE (tx, id) > (${from.tx}::xid8, ${from.id}::bigint) AND tx >= pg_snapshot_xmin(pg_current_snapshot())
      AND NOT (tx = ANY(${skip}::text[]::xid8[]))
    ORDER BY tx, id LIMIT ${limit}`.execute(db);
  return r.rows;
}

/** Committed rows after `from`, except those of the transactions in `skip` (already applied ahead). */
export async function countAfter(db: Kysely<Database>, from: Position, skip: readonly string[] = []): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox
    WHERE (tx, id) > (${from.tx}::xid8, ${from.id}::bigint) AND NOT (tx = ANY(${skip}::text[]::xid8[]))`.execute(db);
  return r.rows[0]!.n;
}

/**
 * A position at which a reader that rebuilds its index from the tables right now may start: every
 * transaction below it has finished, so what the rebuild reads already holds their changes.
 */
export async function horizon(db: Kysely<Database>): Promise<Position> {
  const r = await sql<{ tx: string }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS tx`.execute(db);
  return { tx: r.rows[0]!.tx, id: '0' };
}

/** Records (or refreshes) a reader's position so pruning waits for it. */
export async function saveConsumer(db: Kysely<Database>, name: string, at: Position): Promise<void> {
  await sql`INSERT INTO outbox_consumers (name, tx, id, seen_at) VALUES (${name}, ${at.tx}::xid8, ${at.id}::bigint, now())
    ON CONFLICT (name) DO UPDATE SET tx = excluded.tx, id = excluded.id, seen_at = now()`.execute(db);
}

export async function dropConsumer(db: Kysely<Database>, name: string): Promise<void> {
  await db.deleteFrom('outboxConsumers').where('name', '=', name).execute();
}

/**
 * Takes or renews the lease on a shared reader; answers its stored position while `holder` holds
 * it, undefined while another live holder does.
 */
export async function lease(
  db: Kysely<Database>,
  name: string,
  holder: string,
  ttlMs: number,
): Promise<Position | undefined> {
  await sql`INSERT INTO outbox_consumers (name) VALUES (${name}) ON CONFLICT (name) DO NOTHING`.execute(db);
  const r = await sql<Position>`
    UPDATE outbox_consumers SET holder = ${holder}, locked_until = now() + ${ttlMs} * interval '1 millisecond', seen_at = now()
    WHERE name = ${name} AND (holder = ${holder} OR holder IS NULL OR locked_until < now())
    RETURNING tx::text AS tx, id::text AS id`.execute(db);
  return r.rows[0];
}

/** Moves a shared reader's position, only while `holder` still holds its lease; false when it was lost. */
export async function advanceLeased(
  db: Kysely<Database>,
  name: string,
  holder: string,
  to: Position,
): Promise<boolean> {
  const r = await sql`UPDATE outbox_consumers SET tx = ${to.tx}::xid8, id = ${to.id}::bigint, seen_at = now()
    WHERE name = ${name} AND holder = ${holder}`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Lets another process take the shared reader at once (at shutdown). */
export async function releaseLease(db: Kysely<Database>, name: string, holder: string): Promise<void> {
  await sql`UPDATE outbox_consumers SET holder = NULL, locked_until = NULL WHERE name = ${name} AND holder = ${holder}`.execute(
    db,
  );
}

export async function sharedPosition(db: Kysely<Database>, name: string): Promise<Position> {
  const r =
    await sql<Position>`SELECT tx::text AS tx, id::text AS id FROM outbox_consumers WHERE name = ${name}`.execute(db);
  return r.rows[0] ?? START;
}

/** Sets a shared reader's position outright (a rebuild of the shared index). */
export async function resetShared(db: Kysely<Database>, name: string, to: Position): Promise<void> {
  await sql`INSERT INTO outbox_consumers (name, tx, id) VALUES (${name}, ${to.tx}::xid8, ${to.id}::bigint)
    ON CONFLICT (name) DO UPDATE SET tx = excluded.tx, id = excluded.id, seen_at = now()`.execute(db);
}

/**
 * Deletes rows every live reader has passed and that are older than `keepMs` (kept a while for
 * inspection). Embedded readers not seen for `staleMs` are dropped (their process is gone; a new
 * one rebuilds its index at start); the shared reader counts for a week without being seen.
 */
export async function prune(db: Kysely<Database>, opts: { staleMs: number; keepMs: number }): Promise<number> {
  await sql`DELETE FROM outbox_consumers WHERE name LIKE 'embedded:%' AND seen_at < now() - ${opts.staleMs} * interval '1 millisecond'`.execute(
    db,
  );
  await sql`DELETE FROM outbox_consumers WHERE seen_at < now() - interval '7 days'`.execute(db);
  const r = await sql`
    WITH low AS (SELECT tx, id FROM outbox_consumers ORDER BY tx, id LIMIT 1)
    DELETE FROM outbox o USING low
    WHERE (o.tx, o.id) <= (low.tx, low.id) AND o.created_at < now() - ${opts.keepMs} * interval '1 millisecond'`.execute(
    db,
  );
  return Number(r.numAffectedRows ?? 0);
}
