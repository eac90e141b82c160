/** 企业: queries only. */
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, Enterprise } from '../../db/tables.js';
import { escapeLike } from '../../db/sql-helpers.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import type { ListEnterprisesInput } from './schemas.js';

export type EnterpriseRow = Enterprise & { problemCount: number };

const problemCount = sql<number>`(select count(*)::int from problems where problems.enterprise_id = enterprises.id and problems.deleted_at is null)`;

/** A certificate on file whose validity (inclusive) covers `today`; never NULL, so NOT works. */
function certifiedOn(eb: ExpressionBuilder<Database, 'enterprises'>, today: string): Expression<SqlBool> {
  return eb.and([
    eb('highTechCertNo', 'is not', null),
    eb('highTechCertTo', 'is not', null),
    eb('highTechCertTo', '>=', today),
    eb.or([eb('highTechCertFrom', 'is', null), eb('highTechCertFrom', '<=', today)]),
  ]);
}

export function findEnterprise(db: Kysely<Database>, id: string): Promise<EnterpriseRow | undefined> {
  return db
    .selectFrom('enterprises')
    .selectAll()
    .select(problemCount.as('problemCount'))
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export function findEnterpriseByCreditCode(db: Kysely<Database>, creditCode: string) {
  return db
    .selectFrom('enterprises')
    .select(['id'])
    .where('creditCode', '=', creditCode)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export function findBureauLiaison(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('liaisons')
    .select(['id'])
    .where('id', '=', id)
    .where('side', '=', 'bureau')
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export function findLiveProblem(db: Kysely<Database>, enterpriseId: string) {
  return db
    .selectFrom('problems')
    .select('id')
    .where('enterpriseId', '=', enterpriseId)
    .where('deletedAt', 'is', null)
    .limit(1)
    .executeTakeFirst();
}

/** `onlyId` narrows the list to one enterprise (an enterprise user sees only its own). */
export async function listEnterprises(
  db: Kysely<Database>,
  input: ListEnterprisesInput,
  today: string,
  onlyId?: string,
) {
  const { field, direction } = parseSort(input.sort);
  let q = db.selectFrom('enterprises').where('deletedAt', 'is', null);
  if (onlyId) q = q.where('id', '=', onlyId);
  if (input.q) q = q.where('name', 'ilike', `%${escapeLike(input.q)}%`);
  if (input.industry) q = q.where('industry', '=', input.industry);
  if (input.scale) q = q.where('scale', '=', input.scale);
  if (input.highTech)
    q = q.where((eb) => (input.highTech === 'true' ? certifiedOn(eb, today) : eb.not(certifiedOn(eb, today))));
  if (input.techSme) q = q.where('techSmeRegNo', input.techSme === 'true' ? 'is not' : 'is', null);
  if (input.liaisonId) q = q.where('liaisonId', '=', input.liaisonId);
  return pageOf(
    q,
    (q) =>
      q
        .selectAll()
        .select([problemCount.as('problemCount')])
        .orderBy(field, direction)
        .orderBy('id'),
    input,
  );
}
