/**
 * Secrets of the installation that every process on this database must share (the key that signs
 * list cursors), kept in the database rather than on one machine's disk.
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE installation_secrets (
    name text PRIMARY KEY,
    value text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE installation_secrets`.execute(db);
}
