/**
 * Drafts (草稿): a problem its enterprise saved without submitting it for review. The review status
 * gains `draft`; only the owning enterprise sees such a problem until it is submitted.
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE problems DROP CONSTRAINT problems_review_status_check`,
    `ALTER TABLE problems ADD CONSTRAINT problems_review_status_check
      CHECK (review_status IN ('draft', 'pending_review', 'revision_requested', 'published', 'rejected'))`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * The older schema has no private state: every other status is visible to the bureau, so a draft
 * cannot become one without showing the bureau what its enterprise never submitted. Drafts are
 * withdrawn instead (deleted, and marked rejected to satisfy the old check).
 */
export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    `UPDATE problems SET review_status = 'rejected', deleted_at = coalesce(deleted_at, now()),
      version = version + 1, updated_at = now() WHERE review_status = 'draft'`,
    `ALTER TABLE problems DROP CONSTRAINT problems_review_status_check`,
    `ALTER TABLE problems ADD CONSTRAINT problems_review_status_check
      CHECK (review_status IN ('pending_review', 'revision_requested', 'published', 'rejected'))`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
