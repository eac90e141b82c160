/** 推荐与引荐: queries only. Who may see what arrives as a scope. */
import type { Kysely } from 'kysely';
import type { Database, Introduction, ProblemStage } from '../../db/tables.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import type { ListIntroductionsInput } from './schemas.js';

export type IntroductionRow = Introduction & {
  problemTitle: string;
  problemStage: ProblemStage;
  enterpriseId: string;
  enterpriseName: string;
  enterpriseContactName: string | null;
  enterpriseContactPhone: string | null;
  enterpriseContactEmail: string | null;
  labName: string;
  labContactName: string | null;
  labContactPhone: string | null;
  labContactEmail: string | null;
  universityName: string;
};

/** One enterprise's problems or one university's labs — introductions made, never the bureau's shortlist. */
export interface IntroductionScope {
  enterpriseId?: string;
  universityId?: string;
}

function introductionsWithRefs(db: Kysely<Database>) {
  return db
    .selectFrom('introductions')
    .innerJoin('problems', 'problems.id', 'introductions.problemId')
    .innerJoin('enterprises', 'enterprises.id', 'problems.enterpriseId')
    .innerJoin('labs', 'labs.id', 'introductions.labId')
    .innerJoin('universities', 'universities.id', 'introductions.universityId')
    .selectAll('introductions')
    .select([
      'problems.title as problemTitle',
      'problems.stage as problemStage',
      'enterprises.id as enterpriseId',
      'enterprises.name as enterpriseName',
      'enterprises.contactName as enterpriseContactName',
      'enterprises.contactPhone as enterpriseContactPhone',
      'enterprises.contactEmail as enterpriseContactEmail',
      'labs.name as labName',
      'labs.contactName as labContactName',
      'labs.contactPhone as labContactPhone',
      'labs.contactEmail as labContactEmail',
      'universities.name as universityName',
    ])
    .where('introductions.deletedAt', 'is', null)
    .where('problems.deletedAt', 'is', null);
}

export function findIntroduction(db: Kysely<Database>, id: string): Promise<IntroductionRow | undefined> {
  return introductionsWithRefs(db).where('introductions.id', '=', id).executeTakeFirst();
}

export function findLiveIntroduction(db: Kysely<Database>, problemId: string, labId: string) {
  return db
    .selectFrom('introductions')
    .select('id')
    .where('problemId', '=', problemId)
    .where('labId', '=', labId)
    .where('status', 'in', ['shortlisted', 'introduced', 'accepted'])
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export function findLab(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('labs')
    .select(['id', 'universityId', 'name'])
    .where('id', '=', id)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
}

export function findInterestFor(db: Kysely<Database>, problemId: string, labId: string, interestId?: string) {
  let q = db
    .selectFrom('interests')
    .select(['id', 'status'])
    .where('problemId', '=', problemId)
    .where('labId', '=', labId)
    .where('deletedAt', 'is', null);
  q = interestId ? q.where('id', '=', interestId) : q.where('status', '=', 'active');
  return q.executeTakeFirst();
}

export function findProblemOwner(db: Kysely<Database>, problemId: string) {
  return db.selectFrom('problems').select('enterpriseId').where('id', '=', problemId).executeTakeFirstOrThrow();
}

export async function listIntroductions(db: Kysely<Database>, input: ListIntroductionsInput, scope: IntroductionScope) {
  const { field, direction } = parseSort(input.sort);
  let q = introductionsWithRefs(db);
  if (scope.enterpriseId || scope.universityId) q = q.where('introductions.introducedAt', 'is not', null);
  if (scope.enterpriseId) q = q.where('problems.enterpriseId', '=', scope.enterpriseId);
  if (scope.universityId) q = q.where('introductions.universityId', '=', scope.universityId);
  if (input.problemId) q = q.where('introductions.problemId', '=', input.problemId);
  if (input.labId) q = q.where('introductions.labId', '=', input.labId);
  if (input.universityId) q = q.where('introductions.universityId', '=', input.universityId);
  if (input.enterpriseId) q = q.where('problems.enterpriseId', '=', input.enterpriseId);
  if (input.status?.length) q = q.where('introductions.status', 'in', input.status);
  if (input.source) q = q.where('introductions.source', '=', input.source);
  return pageOf(
    q,
    (q) =>
      q
        .orderBy(`introductions.${field}`, (ob) => (direction === 'asc' ? ob.asc() : ob.desc()).nullsLast())
        .orderBy('introductions.id'),
    input,
  );
}
