/**
 * Accounts for people who sign in with a browser: a login name and a password hash on users,
 * one-time activation links (stored hashed), sessions (stored hashed), and the sign-in failures
 * and locks that throttle guessing. The throttle state lives here, not in memory, so several
 * processes on one database agree. The audit log learns the sign-in actions.
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const AUDIT_ACTIONS_BEFORE = `'create', 'update', 'delete'`;
const AUDIT_ACTIONS_AFTER = `${AUDIT_ACTIONS_BEFORE}, 'sign_in', 'sign_in_failed', 'account_locked', 'sign_out'`;

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE users ADD COLUMN login_name text`,
    `ALTER TABLE users ADD COLUMN password_hash text`,
    `ALTER TABLE users ADD COLUMN password_changed_at timestamptz`,
    `CREATE UNIQUE INDEX users_login_name ON users (lower(login_name))`,
    `CREATE TABLE activation_links (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      token_hash text NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX activation_links_user ON activation_links (user_id)`,
    `CREATE TABLE sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      ip text,
      user_agent text
    )`,
    `CREATE INDEX sessions_user_live ON sessions (user_id) WHERE ended_at IS NULL`,
    `CREATE TABLE sign_in_failures (
      id bigserial PRIMARY KEY,
      login_key text NOT NULL,
      ip text NOT NULL,
      at timestamptz NOT NULL,
      -- A lock or a successful sign-in forgives the name's failures; the address still counts them.
      forgiven boolean NOT NULL DEFAULT false
    )`,
    `CREATE INDEX sign_in_failures_login ON sign_in_failures (login_key, at)`,
    `CREATE INDEX sign_in_failures_ip ON sign_in_failures (ip, at)`,
    `CREATE TABLE sign_in_locks (
      login_key text PRIMARY KEY,
      locked_until timestamptz NOT NULL
    )`,
    `ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`,
    `ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (${AUDIT_ACTIONS_AFTER}))`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    `DELETE FROM audit_log WHERE action NOT IN (${AUDIT_ACTIONS_BEFORE})`,
    `ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check`,
    `ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (${AUDIT_ACTIONS_BEFORE}))`,
    'DROP TABLE sign_in_locks, sign_in_failures, sessions, activation_links',
    'DROP INDEX users_login_name',
    'ALTER TABLE users DROP COLUMN password_changed_at',
    'ALTER TABLE users DROP COLUMN password_hash',
    'ALTER TABLE users DROP COLUMN login_name',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
