/**
 * The key that signs list cursors, the same in every process on one database: CURSOR_SECRET when
 * set, otherwise a random secret made once and kept in the database (the first process to start
 * writes it; every other one reads the same row).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './tables.js';

const NAME = 'cursor_key';

export async function cursorKeyFor(db: Kysely<Database>, configured?: string): Promise<Buffer> {
  if (configured) return createHash('sha256').update(`cursor:${configured}`).digest();
  await db
    .insertInto('installationSecrets')
    .values({ name: NAME, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('installationSecrets')
    .select('value')
    .where('name', '=', NAME)
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}
