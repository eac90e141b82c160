/** 对接记录: queries only. Who may see what arrives as a scope. */
import { type Kysely, sql } from 'kysely';
import type { Contact, Database } from '../../db/tables.js';
import { pageOf, parseSort } from '../../db/pagination.js';
import type { ListContactsInput } from './schemas.js';

export type ContactRow = Contact & {
  enterpriseName: string;
  labName: string | null;
  labUniversityId: string | null;
  labUniversityName: string | null;
  problemTitle: string | null;
  liaisons: { id: string; name: string; side: string }[];
};

/** One enterprise's contacts, or those with one university's labs. */
export interface ContactScope {
  enterpriseId?: string;
  universityId?: string;
}

/** Names only: a liaison's phone and email never travel with a contact. */
const liaisonNames = sql<
  ContactRow['liaisons']
>`(select coalesce(json_agg(json_build_object('id', l.id, 'name', l.name, 'side', l.side) order by l.name), '[]'::json) from liaisons l where l.id = any(contacts.liaison_ids))`;

function contactsWithRefs(db: Kysely<Database>) {
  return db
    .selectFrom('contacts')
    .innerJoin('enterprises', 'enterprises.id', 'contacts.enterpriseId')
    .leftJoin('labs', 'labs.id', 'contacts.labId')
    .leftJoin('universities', 'universities.id', 'labs.universityId')
    .leftJoin('problems', 'problems.id', 'contacts.problemId')
    .selectAll('contacts')
    .select([
      'enterprises.name as enterpriseName',
      'labs.name as labName',
      'labs.universityId as labUniversityId',
      'universities.name as labUniversityName',
      'problems.title as problemTitle',
      liaisonNames.as('liaisons'),
    ])
    .where('contacts.deletedAt', 'is', null);
}

export function findContact(db: Kysely<Database>, id: string): Promise<ContactRow | undefined> {
  return contactsWithRefs(db).where('contacts.id', '=', id).executeTakeFirst();
}

export async function liveLiaisonIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('liaisons')
    .select('id')
    .where('id', 'in', ids)
    .where('deletedAt', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function listContacts(db: Kysely<Database>, input: ListContactsInput, scope: ContactScope, today: string) {
  const { field, direction } = parseSort(input.sort);
  const day = sql<string>`(contacts.occurred_at at time zone 'Asia/Shanghai')::date`;
  let q = contactsWithRefs(db);
  if (scope.enterpriseId) q = q.where('contacts.enterpriseId', '=', scope.enterpriseId);
  if (scope.universityId) q = q.where('labs.universityId', '=', scope.universityId);
  if (input.enterpriseId) q = q.where('contacts.enterpriseId', '=', input.enterpriseId);
  if (input.labId) q = q.where('contacts.labId', '=', input.labId);
  if (input.problemId) q = q.where('contacts.problemId', '=', input.problemId);
  if (input.liaisonId) q = q.where(sql<boolean>`contacts.liaison_ids @> array[${input.liaisonId}]::uuid[]`);
  if (input.kind?.length) q = q.where('contacts.kind', 'in', input.kind);
  if (input.from) q = q.where(sql<boolean>`${day} >= ${input.from}::date`);
  if (input.to) q = q.where(sql<boolean>`${day} <= ${input.to}::date`);
  if (input.followUp === 'none') q = q.where('contacts.followUpOn', 'is', null);
  if (input.followUp === 'done')
    q = q.where('contacts.followUpOn', 'is not', null).where('contacts.followUpDoneAt', 'is not', null);
  if (input.followUp === 'pending')
    q = q.where('contacts.followUpOn', '>=', today).where('contacts.followUpDoneAt', 'is', null);
  if (input.followUp === 'overdue')
    q = q.where('contacts.followUpOn', '<', today).where('contacts.followUpDoneAt', 'is', null);
  return pageOf(
    q,
    (q) =>
      q
        .orderBy(`contacts.${field}`, (ob) => (direction === 'asc' ? ob.asc() : ob.desc()).nullsLast())
        .orderBy('contacts.id'),
    input,
  );
}
