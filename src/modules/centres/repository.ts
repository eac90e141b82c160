/** 共建研发中心: queries only. Who may see what arrives as a scope. */
import type { Kysely } from 'kysely';
import type { Centre, CentreHistory, Database } from '../../db/tables.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import type { ChangeContext, Tx } from '../../db/changes.js';
import type { ListCentresInput } from './schemas.js';

export type CentreRow = Centre & {
  enterpriseName: string;
  universityName: string;
  labName: string | null;
  agreementTitle: string | null;
};

export interface CentreScope {
  enterpriseId?: string;
  universityId?: string;
}

function centresWithRefs(db: Kysely<Database>) {
  return db
    .selectFrom('centres')
    .innerJoin('enterprises', 'enterprises.id', 'centres.enterpriseId')
    .innerJoin('universities', 'universities.id', 'centres.universityId')
    .leftJoin('labs', 'labs.id', 'centres.labId')
    .leftJoin('agreements', 'agreements.id', 'centres.agreementId')
    .selectAll('centres')
    .select([
      'enterprises.name as enterpriseName',
      'universities.name as universityName',
      'labs.name as labName',
      'agreements.title as agreementTitle',
    ])
    .where('centres.deletedAt', 'is', null);
}

export function findCentre(db: Kysely<Database>, id: string): Promise<CentreRow | undefined> {
  return centresWithRefs(db).where('centres.id', '=', id).executeTakeFirst();
}

export const liveAgreement = (db: Kysely<Database>, id: string) =>
  db
    .selectFrom('agreements')
    .select(['id', 'enterpriseId', 'universityId'])
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();

export function listHistory(db: Kysely<Database>, centreId: string): Promise<CentreHistory[]> {
  return db
    .selectFrom('centreHistory')
    .selectAll()
    .where('centreId', '=', centreId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function insertHistory(
  tx: Tx,
  ctx: ChangeContext,
  row: {
    centreId: string;
    kind: 'status' | 'level';
    fromValue: string | null;
    toValue: string;
    effectiveOn: string | null;
    documentNo?: string | null;
    note?: string | null;
  },
) {
  await tx
    .insertInto('centreHistory')
    .values({
      documentNo: null,
      note: null,
      ...row,
      actorUserId: ctx.actor.userId,
      actorName: ctx.actor.name,
      ...(ctx.at ? { at: ctx.at } : {}),
    })
    .execute();
}

export async function listCentres(db: Kysely<Database>, input: ListCentresInput, scope: CentreScope) {
  const { field, direction } = parseSort(input.sort);
  let q = centresWithRefs(db);
  if (scope.enterpriseId) q = q.where('centres.enterpriseId', '=', scope.enterpriseId);
  if (scope.universityId) q = q.where('centres.universityId', '=', scope.universityId);
  if (input.enterpriseId) q = q.where('centres.enterpriseId', '=', input.enterpriseId);
  if (input.universityId) q = q.where('centres.universityId', '=', input.universityId);
  if (input.agreementId) q = q.where('centres.agreementId', '=', input.agreementId);
  if (input.kind?.length) q = q.where('centres.kind', 'in', input.kind);
  if (input.level?.length) q = q.where('centres.level', 'in', input.level);
  if (input.status?.length) q = q.where('centres.status', 'in', input.status);
  return pageOf(
    q,
    (q) =>
      q
        .orderBy(`centres.${field}`, (ob) => (direction === 'asc' ? ob.asc() : ob.desc()).nullsLast())
        .orderBy('centres.id'),
    input,
  );
}
