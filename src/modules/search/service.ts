/** 搜索: turns a validated query into an engine query with the caller's access filters. */
import type { Actor } from '../../auth/actor.js';
import { shanghaiDayEpoch } from '../../domain/calendar.js';
import { loadDefinitions } from '../../search/definitions.js';
import type { Filter, SearchEngine, SearchQuery } from '../../search/port.js';
import { searchFacets, searchFilters, searchHitView } from '../../policy/search-view.js';
import type { SearchQueryInput } from './schemas.js';

export function buildFilters(input: SearchQueryInput): Filter[] {
  const f: Filter[] = [];
  if (input.domains?.length) f.push({ field: 'domains', op: 'in', values: input.domains });
  if (input.stage?.length) f.push({ field: 'stage', op: 'in', values: input.stage });
  if (input.universityId) f.push({ field: 'universityId', op: 'in', values: [input.universityId] });
  if (input.universityKind) f.push({ field: 'universityKind', op: 'in', values: [input.universityKind] });
  if (input.city) f.push({ field: 'city', op: 'in', values: [input.city] });
  if (input.budgetMin !== undefined || input.budgetMax !== undefined)
    f.push({ field: 'budgetWan', op: 'range', gte: input.budgetMin, lte: input.budgetMax });
  if (input.deadlineFrom || input.deadlineTo) {
    f.push({
      field: 'deadline',
      op: 'range',
      gte: input.deadlineFrom ? shanghaiDayEpoch(input.deadlineFrom) : undefined,
      lte: input.deadlineTo ? shanghaiDayEpoch(input.deadlineTo, true) : undefined,
    });
  }
  if (input.postedFrom || input.postedTo) {
    f.push({
      field: 'postedAt',
      op: 'range',
      gte: input.postedFrom ? shanghaiDayEpoch(input.postedFrom) : undefined,
      lte: input.postedTo ? shanghaiDayEpoch(input.postedTo, true) : undefined,
    });
  }
  return f;
}

export function searchService(engine: SearchEngine) {
  return {
    async search(actor: Actor, input: SearchQueryInput) {
      const def = loadDefinitions().indexes[input.index];
      const query: SearchQuery = {
        q: input.q,
        filters: [...searchFilters(actor, input.index), ...buildFilters(input)],
        sort: input.sort
          ? [{ field: input.sort.replace(/^-/, ''), direction: input.sort.startsWith('-') ? 'desc' : 'asc' }]
          : undefined,
        facets: searchFacets(actor, def.facets),
        limit: input.limit,
        offset: input.offset,
        highlight: input.highlight,
        matching: 'all',
      };
      const result = await engine.search(input.index, query);
      return {
        hits: result.hits.map((raw) => {
          const h = searchHitView(actor, input.index, raw);
          return {
            id: h.id,
            score: Math.round(h.score * 1e4) / 1e4,
            document: h.document,
            ...(h.highlights ? { highlights: h.highlights } : {}),
            matchedTerms: h.matchedTerms,
          };
        }),
        total: result.total,
        facets: result.facets,
        limit: input.limit,
        offset: input.offset,
      };
    },
  };
}
