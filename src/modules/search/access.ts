/**
 * Who sees which documents, as engine filters the server adds to every query — whatever the
 * caller's own query or filters say. Shared by search and matching.
 */
import type { Actor } from '../../auth/actor.js';
import type { Filter, IndexName } from '../../search/port.js';

export function accessFilters(actor: Actor, index: IndexName): Filter[] {
  if (index === 'labs' || actor.role === 'bureau') return [];
  if (actor.role === 'enterprise') return [{ field: 'enterpriseId', op: 'in', values: [actor.enterpriseId ?? '-'] }];
  // The same rule as the problems module's openToUniversities: published, public, not closed.
  return [
    { field: 'reviewStatus', op: 'in', values: ['published'] },
    { field: 'visibility', op: 'in', values: ['public'] },
    { field: 'stage', op: 'not_in', values: ['closed'] },
  ];
}

/** University users do not learn which enterprise posted a problem until an introduction. */
export function projectDocument(actor: Actor, index: IndexName, doc: Record<string, unknown>): Record<string, unknown> {
  if (index !== 'problems' || actor.role !== 'university') return doc;
  const { enterpriseId: _hidden, liaisonId: _l, reviewStatus: _r, ...rest } = doc;
  return rest;
}
