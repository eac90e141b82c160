/**
 * 看板, 待跟进 and 工作台 ask each problem's latest event (stage change, review, interest,
 * introduction, contact, agreement). Grouping all six activity tables over every problem on each
 * request cost 150–300 ms at district scale, so the latest event is kept in `problem_last_activity`
 * (one row per problem that has any), refreshed by triggers on the six tables whenever one of their
 * rows is written, with the same rules as the query it replaces: the event of the greatest time,
 * on a tie the kind that sorts first.
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const SOURCES: [table: string, fn: string][] = [
  ['problem_stage_history', 'problem_last_activity_by_problem_id'],
  ['problem_reviews', 'problem_last_activity_by_problem_id'],
  ['interests', 'problem_last_activity_by_problem_id'],
  ['introductions', 'problem_last_activity_by_problem_id'],
  ['contacts', 'problem_last_activity_by_problem_id'],
  ['agreements', 'problem_last_activity_by_problem_ids'],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE problem_last_activity (
    problem_id uuid PRIMARY KEY,
    kind text NOT NULL,
    at timestamptz NOT NULL
  )`.execute(db);
  // The refresh looks each problem up in every activity table.
  await sql`CREATE INDEX interests_problem ON interests (problem_id)`.execute(db);
  await sql`CREATE INDEX introductions_problem ON introductions (problem_id)`.execute(db);
  // The pages' counts (by stage, by review state, stale) read these columns of every live problem:
  // an index-only scan instead of a pass over the wide rows.
  await sql`CREATE INDEX problems_pipeline ON problems (review_status, stage)
    INCLUDE (id, enterprise_id, liaison_id, posted_at) WHERE deleted_at IS NULL`.execute(db);
  await sql`CREATE FUNCTION problem_last_activity_refresh(pid uuid) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    IF pid IS NULL THEN RETURN; END IF;
    DELETE FROM problem_last_activity WHERE problem_id = pid;
    INSERT INTO problem_last_activity (problem_id, kind, at)
    SELECT pid, x.kind, x.at FROM (
      SELECT 'stage'::text AS kind, max(h.at) AS at FROM problem_stage_history h WHERE h.problem_id = pid AND h.from_stage IS NOT NULL
      UNION ALL SELECT 'review', max(r.at) FROM problem_reviews r WHERE r.problem_id = pid AND r.action <> 'submit'
      UNION ALL SELECT 'interest', max(coalesce(i.withdrawn_at, i.created_at)) FROM interests i WHERE i.problem_id = pid AND i.deleted_at IS NULL
      UNION ALL SELECT 'introduction', max(n.updated_at) FROM introductions n WHERE n.problem_id = pid AND n.deleted_at IS NULL
      UNION ALL SELECT 'contact', max(c.occurred_at) FROM contacts c WHERE c.problem_id = pid AND c.deleted_at IS NULL
      UNION ALL SELECT 'agreement', max(g.created_at) FROM agreements g WHERE g.problem_ids @> ARRAY[pid] AND g.deleted_at IS NULL
    ) x WHERE x.at IS NOT NULL ORDER BY x.at DESC, x.kind LIMIT 1;
  END $$`.execute(db);
  await sql`CREATE FUNCTION problem_last_activity_by_problem_id() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM problem_last_activity_refresh(OLD.problem_id); END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.problem_id IS DISTINCT FROM OLD.problem_id) THEN
      PERFORM problem_last_activity_refresh(NEW.problem_id);
    END IF;
    RETURN NULL;
  END $$`.execute(db);
  await sql`CREATE FUNCTION problem_last_activity_by_problem_ids() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE pid uuid;
  BEGIN
    FOR pid IN
      SELECT DISTINCT p FROM unnest(
        CASE WHEN TG_OP = 'INSERT' THEN '{}'::uuid[] ELSE OLD.problem_ids END ||
        CASE WHEN TG_OP = 'DELETE' THEN '{}'::uuid[] ELSE NEW.problem_ids END
      ) AS p
    LOOP
      PERFORM problem_last_activity_refresh(pid);
    END LOOP;
    RETURN NULL;
  END $$`.execute(db);
  for (const [table, fn] of SOURCES) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_last_activity`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION ${sql.raw(fn)}()`.execute(db);
  }
  // What is there already, by the query the table replaces.
  await sql`INSERT INTO problem_last_activity (problem_id, kind, at)
    SELECT DISTINCT ON (x.problem_id) x.problem_id, x.kind, x.at FROM (
      SELECT h.problem_id, 'stage'::text AS kind, max(h.at) AS at FROM problem_stage_history h WHERE h.from_stage IS NOT NULL GROUP BY h.problem_id
      UNION ALL SELECT r.problem_id, 'review', max(r.at) FROM problem_reviews r WHERE r.action <> 'submit' GROUP BY r.problem_id
      UNION ALL SELECT i.problem_id, 'interest', max(coalesce(i.withdrawn_at, i.created_at)) FROM interests i WHERE i.deleted_at IS NULL GROUP BY i.problem_id
      UNION ALL SELECT n.problem_id, 'introduction', max(n.updated_at) FROM introductions n WHERE n.deleted_at IS NULL GROUP BY n.problem_id
      UNION ALL SELECT c.problem_id, 'contact', max(c.occurred_at) FROM contacts c WHERE c.deleted_at IS NULL AND c.problem_id IS NOT NULL GROUP BY c.problem_id
      UNION ALL SELECT p.id, 'agreement', max(g.created_at) FROM agreements g CROSS JOIN LATERAL unnest(g.problem_ids) AS p(id) WHERE g.deleted_at IS NULL GROUP BY p.id
    ) x WHERE x.at IS NOT NULL ORDER BY x.problem_id, x.at DESC, x.kind`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table] of SOURCES) {
    await sql`DROP TRIGGER ${sql.raw(`${table}_last_activity`)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION problem_last_activity_by_problem_ids()`.execute(db);
  await sql`DROP FUNCTION problem_last_activity_by_problem_id()`.execute(db);
  await sql`DROP FUNCTION problem_last_activity_refresh(uuid)`.execute(db);
  await sql`DROP INDEX problems_pipeline`.execute(db);
  await sql`DROP INDEX introductions_problem`.execute(db);
  await sql`DROP INDEX interests_problem`.execute(db);
  await sql`DROP TABLE problem_last_activity`.execute(db);
}
