/** Embeddings cache: one vector per (model, content hash). Frozen: never import application code here. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE embeddings (
    model text NOT NULL,
    content_hash text NOT NULL,
    dimensions integer NOT NULL,
    vector real[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, content_hash)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE embeddings`.execute(db);
}
