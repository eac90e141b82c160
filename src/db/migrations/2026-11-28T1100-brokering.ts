/**
 * Brokering workflow: the review state of problems and its history, interests, introductions,
 * contacts (对接记录), agreements (校企合作协议) and co-built centres with their history.
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const versioned = `
  deleted_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()`;

const actor = `
  actor_user_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()`;

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Problems posted before review existed were visible to universities: they stay published.
    `ALTER TABLE problems ADD COLUMN review_status text NOT NULL DEFAULT 'published'
      CHECK (review_status IN ('pending_review', 'revision_requested', 'published', 'rejected'))`,
    `CREATE INDEX problems_review_status ON problems (review_status) WHERE deleted_at IS NULL`,
    `CREATE TABLE problem_reviews (
      id bigserial PRIMARY KEY,
      problem_id uuid NOT NULL REFERENCES problems(id),
      action text NOT NULL CHECK (action IN ('submit', 'resubmit', 'approve', 'request_revision', 'reject')),
      from_status text,
      to_status text NOT NULL,
      comment text,
      ${actor}
    )`,
    `CREATE INDEX problem_reviews_problem ON problem_reviews (problem_id, at)`,
    `CREATE TABLE interests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      problem_id uuid NOT NULL REFERENCES problems(id),
      lab_id uuid NOT NULL REFERENCES labs(id),
      university_id uuid NOT NULL REFERENCES universities(id),
      note text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
      withdrawn_at timestamptz,
      withdraw_reason text,
      created_by uuid REFERENCES users(id),
      created_by_name text NOT NULL,
      ${versioned}
    )`,
    `CREATE UNIQUE INDEX interests_active ON interests (problem_id, lab_id) WHERE status = 'active' AND deleted_at IS NULL`,
    `CREATE INDEX interests_university ON interests (university_id, created_at)`,
    `CREATE TABLE introductions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      problem_id uuid NOT NULL REFERENCES problems(id),
      lab_id uuid NOT NULL REFERENCES labs(id),
      university_id uuid NOT NULL REFERENCES universities(id),
      source text NOT NULL CHECK (source IN ('match', 'interest', 'manual')),
      interest_id uuid REFERENCES interests(id),
      match_score double precision,
      note text,
      status text NOT NULL CHECK (status IN ('shortlisted', 'introduced', 'accepted', 'declined', 'withdrawn')),
      introduced_at timestamptz,
      enterprise_response text CHECK (enterprise_response IN ('accepted', 'declined')),
      enterprise_responded_at timestamptz,
      university_response text CHECK (university_response IN ('accepted', 'declined')),
      university_responded_at timestamptz,
      declined_by text CHECK (declined_by IN ('enterprise', 'university')),
      decline_reason text,
      withdrawn_at timestamptz,
      withdraw_reason text,
      created_by uuid REFERENCES users(id),
      ${versioned}
    )`,
    `CREATE UNIQUE INDEX introductions_live ON introductions (problem_id, lab_id)
      WHERE status IN ('shortlisted', 'introduced', 'accepted') AND deleted_at IS NULL`,
    `CREATE INDEX introductions_university ON introductions (university_id, problem_id)`,
    `CREATE TABLE contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('visit', 'meeting', 'call', 'event', 'online')),
      occurred_at timestamptz NOT NULL,
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      lab_id uuid REFERENCES labs(id),
      problem_id uuid REFERENCES problems(id),
      liaison_ids uuid[] NOT NULL DEFAULT '{}',
      participant_names text[] NOT NULL DEFAULT '{}',
      summary text NOT NULL,
      outcome text,
      next_step text,
      follow_up_on date,
      follow_up_done_at timestamptz,
      follow_up_note text,
      created_by uuid REFERENCES users(id),
      ${versioned}
    )`,
    `CREATE INDEX contacts_problem ON contacts (problem_id, occurred_at)`,
    `CREATE INDEX contacts_enterprise ON contacts (enterprise_id, occurred_at)`,
    `CREATE INDEX contacts_lab ON contacts (lab_id, occurred_at)`,
    `CREATE INDEX contacts_follow_up ON contacts (follow_up_on) WHERE follow_up_done_at IS NULL AND deleted_at IS NULL`,
    `CREATE TABLE agreements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title text NOT NULL,
      type text NOT NULL CHECK (type IN ('development', 'transfer', 'licence', 'consulting', 'service', 'joint_platform')),
      development_mode text CHECK (development_mode IN ('commissioned', 'joint')),
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      university_id uuid NOT NULL REFERENCES universities(id),
      lab_id uuid REFERENCES labs(id),
      problem_ids uuid[] NOT NULL DEFAULT '{}',
      amount_wan numeric(16, 2) CHECK (amount_wan >= 0),
      signed_on date NOT NULL,
      start_on date,
      end_on date,
      status text NOT NULL DEFAULT 'signed' CHECK (status IN ('signed', 'in_progress', 'completed', 'terminated')),
      status_note text,
      registration_due_on date GENERATED ALWAYS AS (signed_on + 30) STORED,
      registered_on date,
      registration_no text,
      summary text,
      created_by uuid REFERENCES users(id),
      ${versioned},
      CHECK (end_on IS NULL OR start_on IS NULL OR end_on >= start_on)
    )`,
    `CREATE INDEX agreements_problems ON agreements USING gin (problem_ids)`,
    `CREATE INDEX agreements_enterprise ON agreements (enterprise_id)`,
    `CREATE INDEX agreements_university ON agreements (university_id)`,
    `CREATE INDEX agreements_registration_due ON agreements (registration_due_on) WHERE registered_on IS NULL AND deleted_at IS NULL`,
    `CREATE TABLE centres (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('rd_centre', 'engineering_centre', 'key_lab')),
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      university_id uuid NOT NULL REFERENCES universities(id),
      lab_id uuid REFERENCES labs(id),
      agreement_id uuid REFERENCES agreements(id),
      level text NOT NULL CHECK (level IN ('district', 'city', 'province', 'national')),
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'building', 'operating', 'recognized', 'revoked')),
      planned_on date,
      established_on date,
      recognized_on date,
      revoked_on date,
      summary text,
      created_by uuid REFERENCES users(id),
      ${versioned}
    )`,
    `CREATE INDEX centres_enterprise ON centres (enterprise_id)`,
    `CREATE INDEX centres_university ON centres (university_id)`,
    `CREATE TABLE centre_history (
      id bigserial PRIMARY KEY,
      centre_id uuid NOT NULL REFERENCES centres(id),
      kind text NOT NULL CHECK (kind IN ('status', 'level')),
      from_value text,
      to_value text NOT NULL,
      effective_on date,
      document_no text,
      note text,
      ${actor}
    )`,
    `CREATE INDEX centre_history_centre ON centre_history (centre_id, at)`,
  ];
  // One statement per query: PGlite runs parameterised queries through the extended protocol.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    'DROP TABLE centre_history, centres, agreements, contacts, introductions, interests, problem_reviews',
    'DROP INDEX IF EXISTS problems_review_status',
    'ALTER TABLE problems DROP COLUMN review_status',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
