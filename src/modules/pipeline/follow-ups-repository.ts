/** 跟进提醒: queries only — contact follow-ups due or overdue, and agreements whose registration deadline is near or past. */
import { type Kysely, sql } from 'kysely';
import type { ContactKind, Database } from '../../db/tables.js';

type Ref = { id: string; name: string };

export interface FollowUpRow {
  id: string;
  kind: ContactKind;
  occurredAt: Date;
  followUpOn: string;
  summary: string;
  nextStep: string | null;
  enterpriseId: string;
  enterpriseName: string;
  problemId: string | null;
  problemTitle: string | null;
  labId: string | null;
  labName: string | null;
  liaisons: Ref[];
  total: number;
}

/**
 * Open follow-ups with `followUpOn` in [from, to] (either end open). A liaison's are those on the
 * contacts it took part in, and those about problems (or enterprises) it is responsible for.
 */
export async function listContactFollowUps(
  db: Kysely<Database>,
  opts: { from?: string; to?: string; liaisonId?: string; limit: number },
): Promise<FollowUpRow[]> {
  let q = db
    .selectFrom('contacts')
    .innerJoin('enterprises', 'enterprises.id', 'contacts.enterpriseId')
    .leftJoin('problems', 'problems.id', 'contacts.problemId')
    .leftJoin('labs', 'labs.id', 'contacts.labId')
    .select([
      'contacts.id',
      'contacts.kind',
      'contacts.occurredAt',
      sql<string>`contacts.follow_up_on`.as('followUpOn'),
      'contacts.summary',
      'contacts.nextStep',
      'enterprises.id as enterpriseId',
      'enterprises.name as enterpriseName',
      'problems.id as problemId',
      'problems.title as problemTitle',
      'labs.id as labId',
      'labs.name as labName',
      sql<
        Ref[]
      >`(select coalesce(json_agg(json_build_object('id', l.id, 'name', l.name) order by l.name), '[]'::json) from liaisons l where l.id = any(contacts.liaison_ids))`.as(
        'liaisons',
      ),
      sql<number>`count(*) over ()`.as('total'),
    ])
    .where('contacts.deletedAt', 'is', null)
    .where('contacts.followUpOn', 'is not', null)
    .where('contacts.followUpDoneAt', 'is', null);
  if (opts.from) q = q.where('contacts.followUpOn', '>=', opts.from);
  if (opts.to) q = q.where('contacts.followUpOn', '<=', opts.to);
  if (opts.liaisonId) {
    const id = opts.liaisonId;
    q = q.where(
      sql<boolean>`(contacts.liaison_ids @> array[${id}]::uuid[] or coalesce(problems.liaison_id, enterprises.liaison_id) = ${id})`,
    );
  }
  return (await q
    .orderBy('contacts.followUpOn')
    .orderBy('contacts.occurredAt')
    .orderBy('contacts.id')
    .limit(opts.limit)
    .execute()) as FollowUpRow[];
}

/** Unregistered, not terminated agreements due on or before `dueBy`; a liaison's are those of the enterprises it looks after. */
export function listRegistrationsDue(db: Kysely<Database>, opts: { dueBy: string; liaisonId?: string; limit: number }) {
  let q = db
    .selectFrom('agreements')
    .innerJoin('enterprises', 'enterprises.id', 'agreements.enterpriseId')
    .innerJoin('universities', 'universities.id', 'agreements.universityId')
    .select([
      'agreements.id',
      'agreements.title',
      'agreements.type',
      'agreements.signedOn',
      'agreements.registrationDueOn',
      'enterprises.id as enterpriseId',
      'enterprises.name as enterpriseName',
      'universities.id as universityId',
      'universities.name as universityName',
      sql<number>`count(*) over ()`.as('total'),
    ])
    .where('agreements.deletedAt', 'is', null)
    .where('agreements.registeredOn', 'is', null)
    .where('agreements.status', '<>', 'terminated')
    .where('agreements.registrationDueOn', '<=', opts.dueBy);
  if (opts.liaisonId) q = q.where('enterprises.liaisonId', '=', opts.liaisonId);
  return q.orderBy('agreements.registrationDueOn').orderBy('agreements.id').limit(opts.limit).execute();
}
