/** 工作总结统计: queries only — the records of one period behind each figure (ids, names, attributes). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/tables.js';

/** A period as Beijing dates (inclusive) and as instants [start, end). */
export interface PeriodBounds {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

/** Problems posted in the period, rejected ones left out: the one rule for every problem figure. */
function postedIn(db: Kysely<Database>, p: PeriodBounds) {
  return db
    .selectFrom('problems')
    .where('problems.deletedAt', 'is', null)
    .where('problems.reviewStatus', '!=', 'rejected')
    .where('problems.postedAt', '>=', p.start)
    .where('problems.postedAt', '<', p.end);
}

/** The records, for `?detail=`. */
export function problemsPosted(db: Kysely<Database>, p: PeriodBounds) {
  return postedIn(db, p)
    .innerJoin('enterprises', 'enterprises.id', 'problems.enterpriseId')
    .select(['problems.id', 'problems.title', 'problems.domains', 'problems.stage', 'enterprises.name as enterpriseName'])
    .orderBy('problems.postedAt')
    .orderBy('problems.id')
    .execute();
}

/** Counts by current stage and by domain, counted in the database so a large half-year stays fast. */
export async function problemCounts(db: Kysely<Database>, p: PeriodBounds) {
  const [byStage, byDomain] = await Promise.all([
    postedIn(db, p).select(['problems.stage', sql<number>`count(*)::int`.as('n')]).groupBy('problems.stage').execute(),
    db
      .selectFrom(postedIn(db, p).select(sql<string>`unnest(problems.domains)`.as('domain')).as('d'))
      .select(['d.domain', sql<number>`count(*)::int`.as('n')])
      .groupBy('d.domain')
      .execute(),
  ]);
  return { byStage, byDomain };
}

/** The enterprises that posted a problem in the period. */
export function problemEnterprises(db: Kysely<Database>, p: PeriodBounds) {
  return db
    .selectFrom('enterprises')
    .select(['enterprises.id as enterpriseId', 'enterprises.name as enterpriseName'])
    .where('enterprises.id', 'in', postedIn(db, p).select('problems.enterpriseId'))
    .execute();
}

/**
 * Contacts of the period. `named` (for `?detail=`) adds what a person reads — the summary and the
 * enterprise's name; counting needs neither, and the join and the text are most of the cost.
 */
export function contactsOccurred(db: Kysely<Database>, p: PeriodBounds, named: boolean) {
  const q = db
    .selectFrom('contacts')
    .select(['contacts.id', 'contacts.kind', 'contacts.enterpriseId'])
    .where('contacts.deletedAt', 'is', null)
    .where('contacts.occurredAt', '>=', p.start)
    .where('contacts.occurredAt', '<', p.end);
  if (!named) return q.select([sql<string>`''`.as('summary'), sql<string>`''`.as('enterpriseName')]).execute();
  return q.innerJoin('enterprises', 'enterprises.id', 'contacts.enterpriseId').select(['contacts.summary', 'enterprises.name as enterpriseName']).orderBy('contacts.occurredAt').orderBy('contacts.id').execute();
}

/** Introductions whose introduction (推荐引荐) happened in the period, whatever became of them; `named` adds the problem's title and the lab's name. */
export function introductionsMade(db: Kysely<Database>, p: PeriodBounds, named: boolean) {
  const q = db
    .selectFrom('introductions')
    .select(['introductions.id'])
    .where('introductions.deletedAt', 'is', null)
    .where('introductions.introducedAt', '>=', p.start)
    .where('introductions.introducedAt', '<', p.end);
  if (!named) return q.select([sql<string>`''`.as('problemTitle'), sql<string>`''`.as('labName')]).execute();
  return q
    .innerJoin('problems', 'problems.id', 'introductions.problemId')
    .innerJoin('labs', 'labs.id', 'introductions.labId')
    .select(['problems.title as problemTitle', 'labs.name as labName'])
    .orderBy('introductions.introducedAt')
    .orderBy('introductions.id')
    .execute();
}

export function agreementsSigned(db: Kysely<Database>, p: PeriodBounds) {
  return db
    .selectFrom('agreements')
    .innerJoin('enterprises', 'enterprises.id', 'agreements.enterpriseId')
    .innerJoin('universities', 'universities.id', 'agreements.universityId')
    .select([
      'agreements.id',
      'agreements.title',
      'agreements.type',
      'agreements.amountWan',
      'agreements.signedOn',
      'agreements.registeredOn',
      'agreements.registrationDueOn',
      'agreements.enterpriseId',
      'enterprises.name as enterpriseName',
      'agreements.universityId',
      'universities.name as universityName',
    ])
    .where('agreements.deletedAt', 'is', null)
    .where('agreements.signedOn', '>=', p.from)
    .where('agreements.signedOn', '<=', p.to)
    .orderBy('agreements.signedOn')
    .orderBy('agreements.id')
    .execute();
}

const centreColumns = ['centres.id', 'centres.name', 'centres.kind', 'centres.level', 'centres.establishedOn', 'centres.enterpriseId', 'enterprises.name as enterpriseName'] as const;

export function centresEstablished(db: Kysely<Database>, p: PeriodBounds) {
  return db
    .selectFrom('centres')
    .innerJoin('enterprises', 'enterprises.id', 'centres.enterpriseId')
    .select(centreColumns)
    .where('centres.deletedAt', 'is', null)
    .where('centres.establishedOn', '>=', p.from)
    .where('centres.establishedOn', '<=', p.to)
    .orderBy('centres.establishedOn')
    .orderBy('centres.id')
    .execute();
}

/** Level upgrades (not the initial level) effective in the period (the day recorded, else the Beijing day of the change). */
export function centreUpgrades(db: Kysely<Database>, p: PeriodBounds) {
  return db
    .selectFrom('centreHistory')
    .innerJoin('centres', 'centres.id', 'centreHistory.centreId')
    .innerJoin('enterprises', 'enterprises.id', 'centres.enterpriseId')
    .select([...centreColumns, 'centreHistory.toValue', 'centreHistory.effectiveOn', 'centreHistory.at'])
    .where('centres.deletedAt', 'is', null)
    .where('centreHistory.kind', '=', 'level')
    // The first level row records the level a centre was created at, not an upgrade.
    .where('centreHistory.fromValue', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('centreHistory.effectiveOn', '>=', p.from), eb('centreHistory.effectiveOn', '<=', p.to)]),
        eb.and([eb('centreHistory.effectiveOn', 'is', null), eb('centreHistory.at', '>=', p.start), eb('centreHistory.at', '<', p.end)]),
      ]),
    )
    .orderBy('centreHistory.id')
    .execute();
}

/** Enterprises holding a 高新技术企业 certificate or a 科技型中小企业 number (the service sorts them into figures). */
export function certifiedEnterprises(db: Kysely<Database>) {
  return db
    .selectFrom('enterprises')
    .select(['id', 'name', 'highTechCertNo', 'highTechCertFrom', 'highTechCertTo', 'techSmeRegNo'])
    .where('deletedAt', 'is', null)
    .where((eb) => eb.or([eb('highTechCertFrom', 'is not', null), eb('techSmeRegNo', 'is not', null)]))
    .orderBy('name')
    .orderBy('id')
    .execute();
}
