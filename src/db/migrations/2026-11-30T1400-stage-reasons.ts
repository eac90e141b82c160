/**
 * Stage reasons become data: a code and its parameters in place of a sentence, so each viewer can be
 * shown only what it may read (the bureau's shortlist, agreement titles). Existing rows are converted
 * by recognising the sentences the workflow wrote; anything else was typed by a person (`manual`).
 * Problem documents gain a `readers` field, so every live problem is queued for reindexing.
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const KINDS = `CASE substr(h.reason, 6) WHEN '上门服务' THEN 'visit' WHEN '座谈' THEN 'meeting' WHEN '电话' THEN 'call'
  WHEN '活动' THEN 'event' WHEN '线上' THEN 'online' END`;

const LAB_OF = (
  field: string,
  nameExpr: string,
) => `(SELECT n.${field}::text FROM introductions n JOIN labs l ON l.id = n.lab_id
  WHERE n.problem_id = h.problem_id AND l.name = ${nameExpr} ORDER BY n.created_at LIMIT 1)`;

const AGREEMENT_OF = (field: string) => `(SELECT a.${field}::text FROM agreements a
  WHERE a.problem_ids @> ARRAY[h.problem_id] AND a.title = substr(h.reason, 8, length(h.reason) - 8)
  ORDER BY a.created_at LIMIT 1)`;

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE problem_stage_history
      ADD COLUMN reason_code text CHECK (reason_code IN ('shortlisted', 'introduced', 'contact', 'agreement', 'manual')),
      ADD COLUMN reason_params jsonb,
      ADD CONSTRAINT problem_stage_history_reason CHECK ((reason_code IS NULL) = (reason_params IS NULL))`,
    `UPDATE problem_stage_history h SET reason_code = 'shortlisted', reason_params = jsonb_build_object(
      'labName', substr(h.reason, 9), 'labId', ${LAB_OF('lab_id', 'substr(h.reason, 9)')},
      'universityId', ${LAB_OF('university_id', 'substr(h.reason, 9)')})
     WHERE h.reason LIKE '推荐候选实验室：%'`,
    `UPDATE problem_stage_history h SET reason_code = 'introduced', reason_params = jsonb_build_object(
      'labName', substr(h.reason, 7), 'labId', ${LAB_OF('lab_id', 'substr(h.reason, 7)')},
      'universityId', ${LAB_OF('university_id', 'substr(h.reason, 7)')})
     WHERE h.reason LIKE '引荐实验室：%'`,
    `UPDATE problem_stage_history h SET reason_code = 'contact', reason_params = jsonb_build_object(
      'kind', ${KINDS}, 'contactId', NULL)
     WHERE h.reason LIKE '对接记录：%' AND ${KINDS} IS NOT NULL`,
    `UPDATE problem_stage_history h SET reason_code = 'agreement', reason_params = jsonb_build_object(
      'title', substr(h.reason, 8, length(h.reason) - 8), 'agreementId', ${AGREEMENT_OF('id')},
      'universityId', ${AGREEMENT_OF('university_id')})
     WHERE h.reason LIKE '签订合作协议《%》'`,
    `UPDATE problem_stage_history h SET reason_code = 'manual', reason_params = jsonb_build_object('text', h.reason)
     WHERE h.reason IS NOT NULL AND h.reason_code IS NULL`,
    `ALTER TABLE problem_stage_history DROP COLUMN reason`,
    `INSERT INTO outbox (entity, entity_id, op) SELECT 'problem', id::text, 'upsert' FROM problems WHERE deleted_at IS NULL`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE problem_stage_history ADD COLUMN reason text`,
    `UPDATE problem_stage_history SET reason = CASE reason_code
      WHEN 'shortlisted' THEN '推荐候选实验室：' || (reason_params->>'labName')
      WHEN 'introduced' THEN '引荐实验室：' || (reason_params->>'labName')
      WHEN 'contact' THEN '对接记录：' || CASE reason_params->>'kind' WHEN 'visit' THEN '上门服务' WHEN 'meeting' THEN '座谈'
        WHEN 'call' THEN '电话' WHEN 'event' THEN '活动' ELSE '线上' END
      WHEN 'agreement' THEN '签订合作协议《' || (reason_params->>'title') || '》'
      ELSE reason_params->>'text' END
     WHERE reason_code IS NOT NULL`,
    `ALTER TABLE problem_stage_history DROP CONSTRAINT problem_stage_history_reason,
      DROP COLUMN reason_code, DROP COLUMN reason_params`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
