/** The app's dependencies and the Hono environment every router shares. */
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { DatabaseMode } from '../db/database.js';
import type { Database } from '../db/tables.js';

export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface AppDeps {
  db: Kysely<Database>;
  dbMode: DatabaseMode;
  config: { adminToken?: string; bodyLimit: number };
  /** The clock, injectable so tests can pin "today". */
  now: () => Date;
  logger: Logger;
}

export type AppEnv = {
  Variables: {
    actor: Actor;
    requestId: string;
  };
};
