/** 实验室/团队/平台: queries only. */
import { type Kysely, sql } from 'kysely';
import type { Database, Lab, University } from '../../db/tables.js';
import { escapeLike } from '../../db/sql-helpers.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import { labIntroducedToEnterpriseSql } from '../../policy/rules.js';
import type { ListLabsInput } from './schemas.js';

export type LabRow = Lab & {
  universityName: string;
  universityKind: University['kind'];
  universityCity: string | null;
  introducedToViewer: boolean;
};

/** `enterpriseId` (an enterprise viewer) fills `introducedToViewer`. */
function labsWithUniversity(db: Kysely<Database>, enterpriseId?: string) {
  return db
    .selectFrom('labs')
    .innerJoin('universities', 'universities.id', 'labs.universityId')
    .selectAll('labs')
    .select([
      'universities.name as universityName',
      'universities.kind as universityKind',
      'universities.city as universityCity',
      labIntroducedToEnterpriseSql(enterpriseId).as('introducedToViewer'),
    ])
    .where('labs.deletedAt', 'is', null);
}

export function findLab(db: Kysely<Database>, id: string, enterpriseId?: string): Promise<LabRow | undefined> {
  return labsWithUniversity(db, enterpriseId).where('labs.id', '=', id).executeTakeFirst();
}

export function findLabByName(db: Kysely<Database>, universityId: string, name: string) {
  return db
    .selectFrom('labs')
    .select(['id'])
    .where('universityId', '=', universityId)
    .where('name', '=', name)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export async function listLabs(db: Kysely<Database>, input: ListLabsInput, enterpriseId?: string) {
  const { field, direction } = parseSort(input.sort);
  let q = labsWithUniversity(db, enterpriseId);
  if (input.universityId) q = q.where('labs.universityId', '=', input.universityId);
  if (input.domains?.length) q = q.where(sql<boolean>`labs.domains && ${sql.val(input.domains)}::text[]`);
  if (input.keyword) q = q.where(sql<boolean>`${input.keyword} = any(labs.keywords)`);
  if (input.city) q = q.where('universities.city', '=', input.city);
  if (input.q) {
    const pattern = `%${escapeLike(input.q)}%`;
    q = q.where((eb) => eb.or([eb('labs.name', 'ilike', pattern), eb('labs.summary', 'ilike', pattern)]));
  }
  return pageOf(q, (q) => q.orderBy(`labs.${field}`, direction).orderBy('labs.id'), input);
}
