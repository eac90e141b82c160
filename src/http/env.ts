/** The app's dependencies and the Hono environment every router shares. */
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { DatabaseMode } from '../db/database.js';
import type { Database } from '../db/tables.js';
import type { EmbeddingsProvider } from '../embeddings/provider.js';
import type { ChatModel } from '../llm/provider.js';
import type { ImportRunner } from '../modules/imports/runner.js';
import type { Indexer } from '../search/indexer.js';
import type { SearchEngine } from '../search/port.js';

import type { Logger } from '../logger.js';
import type { RateLimits } from './rate-limit.js';

export type { Logger } from '../logger.js';

export interface AppDeps {
  db: Kysely<Database>;
  dbMode: DatabaseMode;
  config: {
    adminToken?: string;
    bodyLimit: number;
    importLimit: number;
    /** PUBLIC_URL: the address people open; activation links use it, https makes cookies Secure. */
    publicUrl?: string;
    /** Absent: nothing is rate limited (tests that do not test limits). */
    rateLimits?: RateLimits;
  };
  /** The derived search index and the indexer that keeps it in step with the outbox. */
  search: { engine: SearchEngine; indexer: Indexer };
  /** Runs spreadsheet imports in the background. */
  imports: ImportRunner;
  /** Present when an embeddings endpoint is configured. */
  embeddings?: EmbeddingsProvider;
  /** Present when a chat model is configured; only polishes the drafted work summary. */
  llm?: ChatModel;
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
