/**
 * Several app processes on one PostgreSQL: the outbox becomes a log every consumer reads from its
 * own position (ordered by the writing transaction's id, so no reader skips a row a slower
 * transaction commits later), import jobs carry a lease, and rate-limit counters live here so
 * every process counts the same window.
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE outbox ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id()`,
    `DROP INDEX IF EXISTS outbox_pending`,
    `ALTER TABLE outbox DROP COLUMN processed_at, DROP COLUMN attempts, DROP COLUMN last_error`,
    `CREATE INDEX outbox_order ON outbox (tx, id)`,
    // One row per reader of the outbox: its position, when it was last seen, and — for the shared
    // engine's single reader — who holds the lease until when.
    `CREATE TABLE outbox_consumers (
      name text PRIMARY KEY,
      tx xid8 NOT NULL DEFAULT '0',
      id bigint NOT NULL DEFAULT 0,
      holder text,
      locked_until timestamptz,
      seen_at timestamptz NOT NULL DEFAULT now()
    )`,
    `ALTER TABLE import_jobs ADD COLUMN locked_by text, ADD COLUMN locked_until timestamptz`,
    `CREATE TABLE rate_limits (
      key text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL,
      PRIMARY KEY (key, window_start)
    )`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    'DROP TABLE rate_limits',
    'ALTER TABLE import_jobs DROP COLUMN locked_by, DROP COLUMN locked_until',
    'DROP TABLE outbox_consumers',
    'DROP INDEX outbox_order',
    'ALTER TABLE outbox ADD COLUMN processed_at timestamptz, ADD COLUMN attempts integer NOT NULL DEFAULT 0, ADD COLUMN last_error text',
    'ALTER TABLE outbox DROP COLUMN tx',
    'CREATE INDEX outbox_pending ON outbox (id) WHERE processed_at IS NULL',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
