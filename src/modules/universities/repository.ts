/** 高校/科研院所: queries only. */
import { type Kysely, sql } from 'kysely';
import type { Database, University } from '../../db/tables.js';
import { escapeLike } from '../../db/sql-helpers.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import type { ListUniversitiesInput } from './schemas.js';

export type UniversityRow = University & { labCount: number };

const labCount = sql<number>`(select count(*)::int from labs where labs.university_id = universities.id and labs.deleted_at is null)`;

export function findUniversity(db: Kysely<Database>, id: string): Promise<UniversityRow | undefined> {
  return db
    .selectFrom('universities')
    .selectAll()
    .select(labCount.as('labCount'))
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export function findUniversityByName(db: Kysely<Database>, name: string) {
  return db
    .selectFrom('universities')
    .select(['id'])
    .where('name', '=', name)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export async function listUniversities(db: Kysely<Database>, input: ListUniversitiesInput) {
  const { field, direction } = parseSort(input.sort);
  let q = db.selectFrom('universities').where('deletedAt', 'is', null);
  if (input.kind) q = q.where('kind', '=', input.kind);
  if (input.city) q = q.where('city', '=', input.city);
  if (input.q) q = q.where('name', 'ilike', `%${escapeLike(input.q)}%`);
  return pageOf(
    q,
    (q) =>
      q
        .selectAll()
        .select([labCount.as('labCount')])
        .orderBy(field, direction)
        .orderBy('id'),
    input,
  );
}
