/**
 * Initial schema: the records (universities, enterprises, labs, liaisons, problems, users)
 * and the plumbing every write uses (audit_log, outbox, idempotency_keys).
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const versioned = `
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()`;

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE universities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('university', 'institute')),
      city text,
      website text,
      summary text,
      deleted_at timestamptz,
      ${versioned}
    )`,
    `CREATE UNIQUE INDEX universities_name_live ON universities (name) WHERE deleted_at IS NULL`,
    `CREATE TABLE liaisons (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      side text NOT NULL CHECK (side IN ('bureau', 'university', 'enterprise')),
      name text NOT NULL,
      title text,
      phone text,
      email text,
      university_id uuid REFERENCES universities(id),
      enterprise_id uuid,
      user_id uuid,
      active boolean NOT NULL DEFAULT true,
      deleted_at timestamptz,
      ${versioned}
    )`,
    `CREATE TABLE enterprises (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      credit_code char(18),
      industry text,
      address text,
      scale text CHECK (scale IN ('micro', 'small', 'medium', 'large')),
      founded_on date,
      employees integer CHECK (employees >= 0),
      revenue_wan numeric(16, 2),
      high_tech_cert_no text,
      high_tech_cert_from date,
      high_tech_cert_to date,
      tech_sme_reg_no text,
      contact_name text,
      contact_title text,
      contact_phone text,
      contact_email text,
      description text,
      liaison_id uuid REFERENCES liaisons(id),
      deleted_at timestamptz,
      ${versioned}
    )`,
    `CREATE UNIQUE INDEX enterprises_credit_code_live ON enterprises (credit_code) WHERE deleted_at IS NULL`,
    `CREATE INDEX enterprises_name ON enterprises (name)`,
    `ALTER TABLE liaisons ADD FOREIGN KEY (enterprise_id) REFERENCES enterprises(id)`,
    `CREATE TABLE labs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      university_id uuid NOT NULL REFERENCES universities(id),
      name text NOT NULL,
      leader text,
      contact_name text,
      contact_phone text,
      contact_email text,
      domains text[] NOT NULL DEFAULT '{}',
      keywords text[] NOT NULL DEFAULT '{}',
      summary text NOT NULL,
      equipment text[] NOT NULL DEFAULT '{}',
      achievements text[] NOT NULL DEFAULT '{}',
      deleted_at timestamptz,
      ${versioned}
    )`,
    `CREATE UNIQUE INDEX labs_name_live ON labs (university_id, name) WHERE deleted_at IS NULL`,
    `CREATE INDEX labs_domains ON labs USING gin (domains)`,
    `CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('bureau', 'university', 'enterprise')),
      enterprise_id uuid REFERENCES enterprises(id),
      university_id uuid REFERENCES universities(id),
      token_hash text NOT NULL UNIQUE,
      disabled_at timestamptz,
      ${versioned},
      CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL)),
      CHECK ((role = 'university') = (university_id IS NOT NULL))
    )`,
    `ALTER TABLE liaisons ADD FOREIGN KEY (user_id) REFERENCES users(id)`,
    `CREATE TABLE problems (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      enterprise_id uuid NOT NULL REFERENCES enterprises(id),
      title text NOT NULL,
      description text NOT NULL,
      domains text[] NOT NULL DEFAULT '{}',
      keywords text[] NOT NULL DEFAULT '{}',
      budget_wan numeric(16, 2) CHECK (budget_wan >= 0),
      deadline date,
      visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'bureau')),
      stage text NOT NULL DEFAULT 'open'
        CHECK (stage IN ('open', 'matching', 'contacted', 'negotiating', 'agreed', 'solved', 'closed')),
      liaison_id uuid REFERENCES liaisons(id),
      posted_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users(id),
      deleted_at timestamptz,
      ${versioned}
    )`,
    `CREATE INDEX problems_enterprise ON problems (enterprise_id)`,
    `CREATE INDEX problems_stage ON problems (stage)`,
    `CREATE INDEX problems_posted ON problems (posted_at DESC, id)`,
    `CREATE INDEX problems_domains ON problems USING gin (domains)`,
    `CREATE TABLE problem_stage_history (
      id bigserial PRIMARY KEY,
      problem_id uuid NOT NULL REFERENCES problems(id),
      from_stage text,
      to_stage text NOT NULL,
      reason text,
      actor_user_id uuid REFERENCES users(id),
      actor_name text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX problem_stage_history_problem ON problem_stage_history (problem_id, at)`,
    `CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_user_id uuid,
      actor_name text NOT NULL,
      action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
      entity text NOT NULL,
      entity_id text NOT NULL,
      before jsonb,
      after jsonb,
      request_id text
    )`,
    `CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id)`,
    `CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      entity text NOT NULL,
      entity_id text NOT NULL,
      op text NOT NULL CHECK (op IN ('upsert', 'delete')),
      created_at timestamptz NOT NULL DEFAULT now(),
      processed_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text
    )`,
    `CREATE INDEX outbox_pending ON outbox (id) WHERE processed_at IS NULL`,
    `CREATE TABLE idempotency_keys (
      actor text NOT NULL,
      key text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      request_hash text NOT NULL,
      status integer,
      response_body jsonb,
      response_headers jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (actor, key)
    )`,
  ];
  // One statement per query: PGlite runs parameterised queries through the extended protocol.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    'DROP TABLE idempotency_keys, outbox, audit_log, problem_stage_history, problems',
    'ALTER TABLE liaisons DROP CONSTRAINT IF EXISTS liaisons_user_id_fkey',
    'ALTER TABLE liaisons DROP CONSTRAINT IF EXISTS liaisons_enterprise_id_fkey',
    'DROP TABLE users, labs, enterprises, liaisons, universities',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
