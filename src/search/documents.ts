/**
 * Search documents derived from the records: what each index holds for a problem or a lab.
 * Contact details of persons never enter the index; dates become epoch seconds.
 */
import { type Kysely, sql } from 'kysely';
import { DOMAIN_NAMES, type DomainCode } from '../domain/taxonomy.js';
import type { Database } from '../db/tables.js';
import { problemReaders } from '../policy/rules.js';
import type { IndexName, SearchDocument } from './port.js';

const epoch = (d: Date | string | null) => (d === null ? null : Math.floor(new Date(d).getTime() / 1000));
const domainNames = (codes: string[]) => codes.map((c) => DOMAIN_NAMES[c as DomainCode] ?? c);

export interface IndexedProblem extends SearchDocument {
  title: string;
  description: string;
  keywords: string[];
  domains: string[];
  stage: string;
  reviewStatus: string;
  visibility: string;
  enterpriseId: string;
  /** The university audiences that may read it (src/policy/rules.ts `problemReaders`). */
  readers: string[];
}

export interface IndexedLab extends SearchDocument {
  name: string;
  summary: string;
  keywords: string[];
  equipment: string[];
  achievements: string[];
  domains: string[];
  universityId: string;
}

/** Problems by id (live ones only; an id not returned is to be removed from the index). */
export async function problemDocuments(
  db: Kysely<Database>,
  ids?: readonly string[],
  page?: { afterId?: string; limit: number },
): Promise<IndexedProblem[]> {
  let q = db
    .selectFrom('problems as p')
    .innerJoin('enterprises as e', 'e.id', 'p.enterpriseId')
    .select([
      'p.id',
      'p.title',
      'p.description',
      'p.keywords',
      'p.domains',
      'p.stage',
      'p.reviewStatus',
      'p.visibility',
      'p.enterpriseId',
      'p.liaisonId',
      'p.budgetWan',
      'p.deadline',
      'p.postedAt',
      'p.updatedAt',
      'e.industry',
    ])
    .select(
      sql<string[]>`array(select distinct i.university_id::text from introductions i
        where i.problem_id = p.id and i.introduced_at is not null and i.deleted_at is null)`.as(
        'introducedUniversityIds',
      ),
    )
    .where('p.deletedAt', 'is', null);
  if (ids) q = q.where('p.id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
  if (page)
    q = q
      .where('p.id', '>', page.afterId ?? '00000000-0000-0000-0000-000000000000')
      .orderBy('p.id')
      .limit(page.limit);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    keywords: r.keywords,
    domains: r.domains,
    domainNames: domainNames(r.domains),
    stage: r.stage,
    reviewStatus: r.reviewStatus,
    visibility: r.visibility,
    enterpriseId: r.enterpriseId,
    readers: problemReaders(r, r.introducedUniversityIds),
    enterpriseIndustry: r.industry,
    liaisonId: r.liaisonId,
    budgetWan: r.budgetWan,
    deadline: epoch(r.deadline),
    postedAt: epoch(r.postedAt)!,
    updatedAt: epoch(r.updatedAt)!,
  }));
}

export async function labDocuments(
  db: Kysely<Database>,
  ids?: readonly string[],
  page?: { afterId?: string; limit: number },
): Promise<IndexedLab[]> {
  let q = db
    .selectFrom('labs as l')
    .innerJoin('universities as u', 'u.id', 'l.universityId')
    .select([
      'l.id',
      'l.name',
      'l.summary',
      'l.keywords',
      'l.equipment',
      'l.achievements',
      'l.domains',
      'l.leader',
      'l.updatedAt',
      'l.universityId',
      'u.name as universityName',
      'u.kind as universityKind',
      'u.city',
    ])
    .where('l.deletedAt', 'is', null)
    .where('u.deletedAt', 'is', null);
  if (ids) q = q.where('l.id', 'in', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']);
  if (page)
    q = q
      .where('l.id', '>', page.afterId ?? '00000000-0000-0000-0000-000000000000')
      .orderBy('l.id')
      .limit(page.limit);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    summary: r.summary,
    keywords: r.keywords,
    equipment: r.equipment,
    achievements: r.achievements,
    domains: r.domains,
    domainNames: domainNames(r.domains),
    universityId: r.universityId,
    universityName: r.universityName,
    universityKind: r.universityKind,
    city: r.city,
    leader: r.leader,
    updatedAt: epoch(r.updatedAt)!,
  }));
}

export const documentsFor = (index: IndexName) => (index === 'problems' ? problemDocuments : labDocuments);

/** Every live document of an index, in pages, for a rebuild. */
export async function* allDocuments(
  db: Kysely<Database>,
  index: IndexName,
  pageSize = 2000,
): AsyncGenerator<SearchDocument[]> {
  let afterId: string | undefined;
  for (;;) {
    const docs = await documentsFor(index)(db, undefined, { afterId, limit: pageSize });
    if (!docs.length) return;
    yield docs;
    afterId = docs[docs.length - 1]!.id;
  }
}

/** The text embedded for a document: what it is about, in a few hundred characters. */
export function embeddingText(index: IndexName, doc: SearchDocument): string {
  const d = doc as Record<string, unknown>;
  const parts =
    index === 'problems'
      ? [d.title, (d.keywords as string[]).join('、'), d.description]
      : [d.name, (d.keywords as string[]).join('、'), d.summary];
  return parts.filter(Boolean).join('\n').slice(0, 2000);
}
