/** 合作意向: queries only. Who may see what arrives as a scope. */
import { type Kysely, sql } from 'kysely';
import type { Database, Interest, ProblemStage } from '../../db/tables.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import type { ListInterestsInput } from './schemas.js';

export type InterestRow = Interest & {
  problemTitle: string;
  problemStage: ProblemStage;
  problemEnterpriseId: string;
  labName: string;
  labContactName: string | null;
  labContactPhone: string | null;
  labContactEmail: string | null;
  universityName: string;
  introduced: boolean;
};

/** One enterprise's problems, or one university's labs. */
export interface InterestScope {
  enterpriseId?: string;
  universityId?: string;
}

/** The bureau introduced this lab to this problem (the two sides may then see each other). */
const introduced = sql<boolean>`exists (select 1 from introductions n where n.problem_id = interests.problem_id and n.lab_id = interests.lab_id and n.introduced_at is not null and n.deleted_at is null)`;

function interestsWithRefs(db: Kysely<Database>) {
  return db
    .selectFrom('interests')
    .innerJoin('problems', 'problems.id', 'interests.problemId')
    .innerJoin('labs', 'labs.id', 'interests.labId')
    .innerJoin('universities', 'universities.id', 'interests.universityId')
    .selectAll('interests')
    .select([
      'problems.title as problemTitle',
      'problems.stage as problemStage',
      'problems.enterpriseId as problemEnterpriseId',
      'labs.name as labName',
      'labs.contactName as labContactName',
      'labs.contactPhone as labContactPhone',
      'labs.contactEmail as labContactEmail',
      'universities.name as universityName',
      introduced.as('introduced'),
    ])
    .where('interests.deletedAt', 'is', null)
    .where('problems.deletedAt', 'is', null);
}

export function findInterest(db: Kysely<Database>, id: string): Promise<InterestRow | undefined> {
  return interestsWithRefs(db).where('interests.id', '=', id).executeTakeFirst();
}

export function findActiveInterest(db: Kysely<Database>, problemId: string, labId: string) {
  return db
    .selectFrom('interests')
    .select('id')
    .where('problemId', '=', problemId)
    .where('labId', '=', labId)
    .where('status', '=', 'active')
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export function findOwnLab(db: Kysely<Database>, labId: string, universityId: string) {
  return db
    .selectFrom('labs')
    .select('id')
    .where('id', '=', labId)
    .where('universityId', '=', universityId)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export async function listInterests(db: Kysely<Database>, input: ListInterestsInput, scope: InterestScope) {
  const { field, direction } = parseSort(input.sort);
  let q = interestsWithRefs(db);
  if (scope.enterpriseId) q = q.where('problems.enterpriseId', '=', scope.enterpriseId);
  if (scope.universityId) q = q.where('interests.universityId', '=', scope.universityId);
  if (input.problemId) q = q.where('interests.problemId', '=', input.problemId);
  if (input.labId) q = q.where('interests.labId', '=', input.labId);
  if (input.universityId) q = q.where('interests.universityId', '=', input.universityId);
  if (input.status) q = q.where('interests.status', '=', input.status);
  return pageOf(q, (q) => q.orderBy(`interests.${field}`, direction).orderBy('interests.id'), input);
}
