/**
 * Search and matching through the policy: the filters the server adds to every engine query (whatever
 * the caller asked), and the redaction of each hit — its document and its highlights — for the viewer.
 */
import type { Actor } from '../auth/actor.js';
import type { FieldValue, Filter, IndexName } from '../search/port.js';
import { universityReader, visibleProblemsFilters } from './rules.js';

/** Labs are public profiles; problems follow `canSeeProblem` (rules.ts). */
export const searchFilters = (viewer: Actor, index: IndexName): Filter[] =>
  index === 'problems' ? visibleProblemsFilters(viewer) : [];

/** Facets a viewer may count by: never by enterprise for a university (it would name who posts what). */
export const searchFacets = (viewer: Actor, facets: readonly string[]): string[] =>
  facets.filter((f) => !(viewer.role === 'university' && f === 'enterpriseId'));

/**
 * A problem document as this viewer may read it: `readers` (which universities were introduced) is the
 * bureau's; a university reads the enterprise id only once introduced, never the liaison or review status.
 */
export function searchDocumentView(
  viewer: Actor,
  index: IndexName,
  doc: Record<string, FieldValue>,
): Record<string, FieldValue> {
  if (index !== 'problems' || viewer.role === 'bureau') return doc;
  const { readers, ...rest } = doc;
  if (viewer.role !== 'university') return rest;
  const introduced = Array.isArray(readers) && readers.includes(universityReader(viewer.universityId ?? '-'));
  const { enterpriseId, liaisonId: _liaison, reviewStatus: _review, ...open } = rest;
  return introduced && enterpriseId !== undefined ? { ...open, enterpriseId } : open;
}

/** A hit as this viewer may read it: highlights only of the fields its document keeps. */
export function searchHitView<H extends { document: Record<string, FieldValue>; highlights?: Record<string, string> }>(
  viewer: Actor,
  index: IndexName,
  hit: H,
): H {
  const document = searchDocumentView(viewer, index, hit.document);
  if (!hit.highlights) return { ...hit, document };
  const highlights = Object.fromEntries(Object.entries(hit.highlights).filter(([field]) => field in document));
  return { ...hit, document, highlights };
}
