/**
 * Opens the system of record: PostgreSQL through `pg` when DATABASE_URL is set,
 * embedded PGlite under DATA_DIR otherwise. Both speak the same schema and type parsing:
 * `date` as 'YYYY-MM-DD' strings, `numeric` as numbers, timestamps as Date.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { RowCamelCasePlugin } from './camel-case.js';
import type { Database } from './tables.js';
import { parseTextArray, parseTimestamptz, TEXT_ARRAY_OID, TIMESTAMPTZ_OID } from './type-parsers.js';

export type DatabaseMode = 'postgres' | 'pglite';

export interface Store {
  db: Kysely<Database>;
  mode: DatabaseMode;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const NUMERIC_OID = 1700;
const INT8_OID = 20;

const plugins = [new RowCamelCasePlugin()];

export function openPostgres(connectionString: string, poolSize = 10, onIdleError?: (err: Error) => void): Store {
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID) return (v: string) => v;
        if (oid === NUMERIC_OID) return (v: string) => Number(v);
        if (oid === INT8_OID) return (v: string) => v;
        if (oid === TIMESTAMPTZ_OID) return parseTimestamptz;
        if (oid === TEXT_ARRAY_OID) return parseTextArray;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client whose server connection drops (a restart, a terminated backend) emits an error
  // on the pool; the next query reconnects, so it must not crash the process.
  pool.on('error', (err) => onIdleError?.(err));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
  return { db, mode: 'postgres', close: () => db.destroy() };
}

/** `dataDir` undefined means an in-memory database; `loadDataDir` starts it from a dump (tests use a migrated template). */
export async function openPglite(dataDir?: string, opts: { loadDataDir?: Blob } = {}): Promise<Store> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir: path.resolve(dataDir) } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    parsers: {
      [DATE_OID]: (v: string) => v,
      [NUMERIC_OID]: (v: string) => Number(v),
      [pgliteTypes.INT8]: (v: string) => v,
    },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), plugins });
  return { db, mode: 'pglite', close: () => db.destroy() };
}

export async function openStore(opts: {
  databaseUrl?: string;
  dataDir: string;
  onIdleError?: (err: Error) => void;
}): Promise<Store> {
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, 10, opts.onIdleError)
    : openPglite(path.join(opts.dataDir, 'pglite'));
}
