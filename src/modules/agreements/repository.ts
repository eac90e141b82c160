/** 校企合作协议: queries only. Who may see what arrives as a scope. */
import { type Kysely, sql } from 'kysely';
import type { Agreement, Database, ProblemStage } from '../../db/tables.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import type { ListAgreementsInput } from './schemas.js';
import { submittedSql } from '../../policy/rules.js';

export type AgreementRow = Agreement & {
  enterpriseName: string;
  universityName: string;
  labName: string | null;
  problems: { id: string; title: string; stage: ProblemStage }[];
};

export interface AgreementScope {
  enterpriseId?: string;
  universityId?: string;
}

const problemsOf = sql<
  AgreementRow['problems']
>`(select coalesce(json_agg(json_build_object('id', p.id, 'title', p.title, 'stage', p.stage) order by p.title), '[]'::json) from problems p where p.id = any(agreements.problem_ids) and p.deleted_at is null)`;

function agreementsWithRefs(db: Kysely<Database>) {
  return db
    .selectFrom('agreements')
    .innerJoin('enterprises', 'enterprises.id', 'agreements.enterpriseId')
    .innerJoin('universities', 'universities.id', 'agreements.universityId')
    .leftJoin('labs', 'labs.id', 'agreements.labId')
    .selectAll('agreements')
    .select([
      'enterprises.name as enterpriseName',
      'universities.name as universityName',
      'labs.name as labName',
      problemsOf.as('problems'),
    ])
    .where('agreements.deletedAt', 'is', null);
}

export function findAgreement(db: Kysely<Database>, id: string): Promise<AgreementRow | undefined> {
  return agreementsWithRefs(db).where('agreements.id', '=', id).executeTakeFirst();
}

export async function problemOwners(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('problems')
    .select(['id', 'enterpriseId'])
    .where('id', 'in', ids)
    .where('deletedAt', 'is', null)
    .where(submittedSql()) // a draft is its enterprise's alone: no agreement names it
    .execute();
  return new Map(rows.map((r) => [r.id, r.enterpriseId]));
}

export async function listAgreements(
  db: Kysely<Database>,
  input: ListAgreementsInput,
  scope: AgreementScope,
  today: string,
) {
  const { field, direction } = parseSort(input.sort);
  let q = agreementsWithRefs(db);
  if (scope.enterpriseId) q = q.where('agreements.enterpriseId', '=', scope.enterpriseId);
  if (scope.universityId) q = q.where('agreements.universityId', '=', scope.universityId);
  if (input.enterpriseId) q = q.where('agreements.enterpriseId', '=', input.enterpriseId);
  if (input.universityId) q = q.where('agreements.universityId', '=', input.universityId);
  if (input.labId) q = q.where('agreements.labId', '=', input.labId);
  if (input.problemId) q = q.where(sql<boolean>`agreements.problem_ids @> array[${input.problemId}]::uuid[]`);
  if (input.type?.length) q = q.where('agreements.type', 'in', input.type);
  if (input.status?.length) q = q.where('agreements.status', 'in', input.status);
  if (input.signedFrom) q = q.where('agreements.signedOn', '>=', input.signedFrom);
  if (input.signedTo) q = q.where('agreements.signedOn', '<=', input.signedTo);
  if (input.registration === 'registered') q = q.where('agreements.registeredOn', 'is not', null);
  if (input.registration === 'not_required')
    q = q.where('agreements.registeredOn', 'is', null).where('agreements.status', '=', 'terminated');
  if (input.registration === 'pending' || input.registration === 'overdue') {
    q = q
      .where('agreements.registeredOn', 'is', null)
      .where('agreements.status', '<>', 'terminated')
      .where('agreements.registrationDueOn', input.registration === 'pending' ? '>=' : '<', today);
  }
  return pageOf(
    q,
    (q) =>
      q
        .orderBy(`agreements.${field}`, (ob) => (direction === 'asc' ? ob.asc() : ob.desc()).nullsLast())
        .orderBy('agreements.id'),
    input,
  );
}
