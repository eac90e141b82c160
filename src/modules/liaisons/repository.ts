/** 联络员: queries only. */
import type { Kysely } from 'kysely';
import type { Database, Liaison } from '../../db/tables.js';
import { escapeLike } from '../../db/sql-helpers.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import type { ListLiaisonsInput } from './schemas.js';

/** What a university or enterprise user may list: its own side's liaisons and the bureau's. */
export type LiaisonScope = { column: 'universityId' | 'enterpriseId'; side: 'university' | 'enterprise'; id: string };

export function findLiaison(db: Kysely<Database>, id: string): Promise<Liaison | undefined> {
  return db.selectFrom('liaisons').selectAll().where('id', '=', id).where('deletedAt', 'is', null).executeTakeFirst();
}

export function findActiveUser(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'role', 'universityId', 'enterpriseId'])
    .where('id', '=', id)
    .where('disabledAt', 'is', null)
    .executeTakeFirst();
}

export function findAssignedEnterprise(db: Kysely<Database>, liaisonId: string) {
  return db
    .selectFrom('enterprises')
    .select('id')
    .where('liaisonId', '=', liaisonId)
    .where('deletedAt', 'is', null)
    .limit(1)
    .executeTakeFirst();
}

export async function listLiaisons(db: Kysely<Database>, input: ListLiaisonsInput, scope?: LiaisonScope) {
  const { field, direction } = parseSort(input.sort);
  let q = db.selectFrom('liaisons').where('deletedAt', 'is', null);
  if (scope)
    q = q.where((eb) =>
      eb.or([eb('side', '=', 'bureau'), eb.and([eb('side', '=', scope.side), eb(scope.column, '=', scope.id)])]),
    );
  if (input.side) q = q.where('side', '=', input.side);
  if (input.universityId) q = q.where('universityId', '=', input.universityId);
  if (input.enterpriseId) q = q.where('enterpriseId', '=', input.enterpriseId);
  if (input.active) q = q.where('active', '=', input.active === 'true');
  if (input.q) q = q.where('name', 'ilike', `%${escapeLike(input.q)}%`);
  return pageOf(q, (q) => q.selectAll().orderBy(field, direction).orderBy('id'), input);
}
