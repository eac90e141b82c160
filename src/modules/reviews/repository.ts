/** 难题审核: queries only. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';

export function listReviews(db: Kysely<Database>, problemId: string) {
  return db.selectFrom('problemReviews').selectAll().where('problemId', '=', problemId).orderBy('at').orderBy('id').execute();
}
