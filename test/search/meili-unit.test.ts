/** Meilisearch adapter without Meilisearch: filters, settings, search parameters, documents, hits, errors, and the engine's wiring against a stub HTTP server. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeilisearchApiError, MeilisearchRequestError, type Hit, type Task } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../src/search/definitions.js';
import { MAX_BATCH_BYTES, payloadBatches, toMeiliDocuments } from '../../src/search/meili/documents.js';
import { checkVersion, compareVersions, keyUid } from '../../src/search/meili/access.js';
import { subtermIndex, termParts } from '../../src/search/meili/subterms.js';
import { taskError, toEngineError } from '../../src/search/meili/errors.js';
import { buildFilter, buildSort, checkFacets, formatNumber, quoteString } from '../../src/search/meili/filters.js';
import {
  highlights,
  matchedTerms,
  semanticScore,
  sliceMatch,
  storedDocument,
  toSearchResult,
} from '../../src/search/meili/hits.js';
import {
  anyRotations,
  buildSearch,
  federate,
  matchingStrategy,
  plainText,
  POST_TAG,
  PRE_TAG,
  queryWords,
} from '../../src/search/meili/query.js';
import { createMeiliEngine } from '../../src/search/meili/index.js';
import { changedSettings, meiliSettings } from '../../src/search/meili/settings.js';
import { loadConfig } from '../../src/config.js';
import { onePage, SearchEngineError, type Filter, type SearchQuery } from '../../src/search/port.js';

const defs = loadDefinitions();
const problems = defs.indexes.problems;

/** Reads a double-quoted literal the way Meilisearch's filter parser does (quoted_by, then unescape). */
function parseQuoted(literal: string): { value: string; rest: string } {
  expect(literal[0]).toBe('"');
  let end = 1;
  while (end < literal.length && literal[end] !== '"') end += literal[end] === '\\' ? 2 : 1;
  const fragment = literal.slice(1, end).replaceAll('\\"', '"');
  const escapes: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r', '0': '\0' };
  return { value: fragment.replace(/\\(.)/gsu, (m, c: string) => escapes[c] ?? m), rest: literal.slice(end + 1) };
}

const HOSTILE = [
  'a" OR 1=1',
  'OR',
  'a\\',
  '\\"',
  'back\\slash',
  '"quoted"',
  '锂电 OR 光伏',
  '🔋电池🚀',
  'x\\" AND y = "z',
  'line\nbreak',
  "it's",
  '',
];

describe('quoteString', () => {
  it.each(HOSTILE)('quotes %j into one literal that reads back exactly', (value) => {
    const literal = quoteString(value);
    const parsed = parseQuoted(literal);
    expect(parsed.rest).toBe('');
    expect(parsed.value).toBe(value);
  });

  it('escapes backslashes before quotes', () => {
    expect(quoteString('a" OR 1=1')).toBe('"a\\" OR 1=1"');
    expect(quoteString('a\\')).toBe('"a\\\\"');
  });
});

describe('buildFilter', () => {
  const f = (...filters: Filter[]) => buildFilter(filters, problems);

  it.each(HOSTILE)('keeps the hostile value %j inside one IN list', (value) => {
    const { filter } = f({ field: 'domains', op: 'in', values: [value, 'biomed'] });
    expect(filter).toEqual([`domains IN [${quoteString(value)}, "biomed"]`]);
  });

  it.each<[string, Filter, (string | string[])[] | undefined]>([
    [
      'in with numbers and booleans',
      { field: 'budgetWan', op: 'in', values: [10, 2.5, true] },
      ['budgetWan IN [10, 2.5, true]'],
    ],
    ['not_in', { field: 'stage', op: 'not_in', values: ['closed', 'solved'] }, ['stage NOT IN ["closed", "solved"]']],
    ['not_in with no values', { field: 'stage', op: 'not_in', values: [] }, undefined],
    ['range', { field: 'budgetWan', op: 'range', gte: 10, lte: 50.5 }, ['budgetWan >= 10', 'budgetWan <= 50.5']],
    ['open range', { field: 'deadline', op: 'range', lte: 1767225600 }, ['deadline <= 1767225600']],
    ['negative bound', { field: 'budgetWan', op: 'range', gte: -1 }, ['budgetWan >= -1']],
    [
      'exists',
      { field: 'deadline', op: 'exists', value: true },
      ['deadline EXISTS', 'deadline IS NOT NULL', 'deadline IS NOT EMPTY'],
    ],
    [
      'not exists',
      { field: 'deadline', op: 'exists', value: false },
      [['deadline NOT EXISTS', 'deadline IS NULL', 'deadline IS EMPTY']],
    ],
  ])('%s', (_label, filter, expected) => {
    expect(f(filter)).toEqual({ ...(expected ? { filter: expected } : {}), matchesNothing: false });
  });

  it('ANDs several filters in the outer array', () => {
    const built = f(
      { field: 'domains', op: 'in', values: ['biomed'] },
      { field: 'visibility', op: 'in', values: ['public'] },
    );
    expect(built.filter).toEqual(['domains IN ["biomed"]', 'visibility IN ["public"]']);
  });

  it('an IN list with no values matches nothing', () => {
    expect(f({ field: 'domains', op: 'in', values: [] }).matchesNothing).toBe(true);
  });

  it.each([
    ['unknown field', { field: 'title', op: 'in', values: ['x'] }],
    ['injected field name', { field: 'stage = "open" OR stage', op: 'in', values: ['x'] }],
    ['NaN bound', { field: 'budgetWan', op: 'range', gte: Number.NaN }],
    ['infinite value', { field: 'budgetWan', op: 'in', values: [Number.POSITIVE_INFINITY] }],
  ] as [string, Filter][])('rejects %s as invalid_query', (_label, filter) => {
    expect(() => f(filter)).toThrow(expect.objectContaining({ kind: 'invalid_query' }));
  });

  it('writes exponent numbers as quoted literals', () => {
    expect(formatNumber(1e21)).toBe('"1e+21"');
    expect(formatNumber(0.0000001)).toBe('"1e-7"');
  });
});

describe('buildSort and checkFacets', () => {
  it('sorts by field:direction with id:asc last for stable order', () => {
    expect(buildSort([{ field: 'budgetWan', direction: 'desc' }], problems)).toEqual(['budgetWan:desc', 'id:asc']);
    expect(buildSort(undefined, problems)).toBeUndefined();
  });

  it('rejects unsortable fields, bad directions and unfilterable facets', () => {
    expect(() => buildSort([{ field: 'title', direction: 'asc' }], problems)).toThrow(SearchEngineError);
    expect(() => buildSort([{ field: 'postedAt', direction: 'up' as 'asc' }], problems)).toThrow(SearchEngineError);
    expect(() => checkFacets(['description'], problems)).toThrow(SearchEngineError);
    expect(checkFacets(['domains', 'stage'], problems)).toEqual(['domains', 'stage']);
  });
});

describe('meiliSettings', () => {
  const settings = meiliSettings(problems, defs);

  it('copies the definition in order', () => {
    expect(settings.searchableAttributes).toEqual([...problems.searchableAttributes, 'subterms']);
    expect(settings.filterableAttributes).toEqual(problems.filterableAttributes);
    expect(settings.rankingRules).toEqual(problems.rankingRules);
    expect(settings.sortableAttributes).toEqual([...problems.sortableAttributes, 'id']);
    expect(settings.stopWords).toEqual(defs.stopWords);
    expect(settings.dictionary).toEqual(defs.dictionary);
  });

  it('maps every synonym to the rest of its group, both ways', () => {
    expect(settings.synonyms?.['锂电']).toEqual(expect.arrayContaining(['锂离子电池']));
    expect(settings.synonyms?.['锂离子电池']).toContain('锂电');
    expect(settings.synonyms?.['PLC']).toContain('可编程逻辑控制器');
    expect(settings.synonyms?.['AOI']).toContain('自动光学检测');
    for (const group of defs.synonymGroups)
      for (const term of group)
        expect(settings.synonyms?.[term]).toEqual(expect.arrayContaining(group.filter((t) => t !== term)));
  });

  it('reads every attribute as Chinese and keeps typos for Latin terms only', () => {
    expect(settings.localizedAttributes).toEqual([{ attributePatterns: ['*'], locales: ['cmn'] }]);
    expect(settings.typoTolerance).toMatchObject({
      enabled: true,
      disableOnNumbers: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    });
    expect(settings.typoTolerance?.disableOnWords).toEqual(expect.arrayContaining(['锂离子电池', '可编程逻辑控制器']));
    expect(settings.typoTolerance?.disableOnWords).not.toContain('PLC');
    expect(settings.pagination?.maxTotalHits).toBeGreaterThanOrEqual(150_000);
    expect(settings.faceting?.maxValuesPerFacet).toBeGreaterThanOrEqual(100);
  });

  it('declares the userProvided embedder only when embeddings are on', () => {
    expect(settings.embedders).toBeNull();
    expect(meiliSettings(problems, defs, { embedderDimensions: 384 }).embedders).toEqual({
      default: { source: 'userProvided', dimensions: 384 },
    });
  });
});

describe('buildSearch', () => {
  const base: SearchQuery = { q: '锂电池 隔膜', limit: 20, offset: 40 };
  const build = (q: Partial<SearchQuery>, embeddings = false) =>
    buildSearch({ ...base, ...q }, problems, { embeddings });

  it.each([
    ['all', 'all'],
    ['any', 'last'],
    [undefined, 'all'],
  ] as const)('maps matching %s to %s', (matching, strategy) => {
    expect(matchingStrategy(matching)).toBe(strategy);
    expect(build({ matching }).params.matchingStrategy).toBe(strategy);
  });

  it('uses page mode (exact totals) on page boundaries and offset/limit otherwise', () => {
    expect(build({}).params).toMatchObject({
      q: '锂电池 隔膜',
      page: 3,
      hitsPerPage: 20,
      showRankingScore: true,
      showMatchesPosition: true,
      locales: ['cmn'],
    });
    const odd = build({ offset: 5 });
    expect(odd.params).toMatchObject({ offset: 5, limit: 20 });
    expect(odd.exactTotal).toBe(false);
    expect(build({ limit: 0, offset: 0 }).params).toMatchObject({ hitsPerPage: 0, page: 1 });
    expect(() => build({ limit: -1 })).toThrow(SearchEngineError);
  });

  it('asks for marked snippets of the highlight attributes only when highlighting a text query', () => {
    expect(build({ highlight: true }).params).toMatchObject({
      attributesToHighlight: problems.highlightAttributes,
      highlightPreTag: PRE_TAG,
      highlightPostTag: POST_TAG,
    });
    expect(build({ highlight: true, q: '' }).params.attributesToHighlight).toBeUndefined();
    expect(build({}).params.attributesToHighlight).toBeUndefined();
  });

  it('searches hybrid through the default embedder when a vector is given and embeddings are on', () => {
    expect(build({ vector: [0.1, 0.2], semanticRatio: 0.7 }, true).params).toMatchObject({
      vector: [0.1, 0.2],
      hybrid: { embedder: 'default', semanticRatio: 0.7 },
      retrieveVectors: false,
    });
    expect(build({ vector: [0.1, 0.2] }, true).params.hybrid?.semanticRatio).toBe(0.5);
    expect(build({ vector: [0.1, 0.2] }, false).params.hybrid).toBeUndefined();
    expect(() => build({ vector: [1], semanticRatio: 2 }, true)).toThrow(SearchEngineError);
  });

  it('passes filters, sort and facets through the builders', () => {
    const { params } = build({
      filters: [{ field: 'stage', op: 'in', values: ['open'] }],
      sort: [{ field: 'postedAt', direction: 'desc' }],
      facets: ['domains'],
    });
    expect(params).toMatchObject({
      filter: ['stage IN ["open"]'],
      sort: ['postedAt:desc', 'id:asc'],
      facets: ['domains'],
    });
  });

  it.each([
    ['"锂电池 隔膜"', '锂电池 隔膜'],
    ['-锂电池 光伏', '锂电池 光伏'],
    ['光伏 --储能', '光伏 储能'],
    ['PLC-S7 a" OR 1=1', 'PLC-S7 a OR 1=1'],
    ['  ', ''],
  ])('reads %j as the plain words %j (no phrase or negation syntax)', (input, expected) => {
    expect(plainText(input)).toBe(expected);
    expect(build({ q: input }).params.q).toBe(expected);
  });

  it('rotates an any-query of several words so each word leads once', () => {
    expect(anyRotations('草莓 碳纤维 单克隆抗体')).toEqual([
      '草莓 碳纤维 单克隆抗体',
      '碳纤维 单克隆抗体 草莓',
      '单克隆抗体 草莓 碳纤维',
    ]);
    expect(anyRotations('PLC')).toEqual([]);
    expect(anyRotations('  ')).toEqual([]);
    const words = queryWords('锂电池隔膜涂布工艺');
    expect(words.length).toBeGreaterThan(1);
    expect(anyRotations('锂电池隔膜涂布工艺')).toHaveLength(words.length);
    // Meilisearch reads 10 words of a query: 12 words give 12 rotations of 10, every word leading once.
    const twelve = anyRotations('a b c d e f g h i j k l');
    expect(twelve).toHaveLength(12);
    for (const r of twelve) expect(r.split(' ')).toHaveLength(10);
    expect(twelve.map((r) => r.split(' ')[0])).toEqual('a b c d e f g h i j k l'.split(' '));
    expect(twelve[11]).toBe('l a b c d e f g h i');
  });

  it('sends the nearest-neighbour search once, not once per rotation', () => {
    const built = build({ matching: 'any', q: 'a b c', vector: [0.1, 0.2] }, true);
    const fed = federate(built.params, { ...base, vector: [0.1, 0.2] }, 't_problems', anyRotations('a b c'));
    const hybrid = fed.queries.filter((q) => q.hybrid);
    expect(fed.queries).toHaveLength(4);
    expect(hybrid).toHaveLength(1);
    expect(hybrid[0]).toMatchObject({
      q: 'a b c',
      vector: [0.1, 0.2],
      hybrid: { embedder: 'default' },
      retrieveVectors: false,
    });
    for (const q of fed.queries.filter((x) => !x.hybrid)) expect(q).not.toHaveProperty('vector');
  });

  it('federates the rotations with paging and facets on the federation', () => {
    const built = build({
      matching: 'any',
      facets: ['domains'],
      filters: [{ field: 'stage', op: 'in', values: ['open'] }],
    });
    const fed = federate(built.params, { ...base, facets: ['domains'] }, 't_problems', ['a b', 'b a']);
    expect(fed.federation).toEqual({
      offset: 40,
      limit: 20,
      facetsByIndex: { t_problems: ['domains'] },
      mergeFacets: { maxValuesPerFacet: 1000 },
    });
    expect(fed.queries).toHaveLength(2);
    for (const q of fed.queries) {
      expect(q).toMatchObject({
        indexUid: 't_problems',
        matchingStrategy: 'last',
        filter: ['stage IN ["open"]'],
        showRankingScore: true,
      });
      expect(q).not.toHaveProperty('page');
      expect(q).not.toHaveProperty('hitsPerPage');
      expect(q).not.toHaveProperty('facets');
    }
    expect(fed.queries.map((q) => q.q)).toEqual(['a b', 'b a']);
  });
});

describe('toMeiliDocuments', () => {
  const doc = { id: 'p1', title: '锂电池', deadline: undefined, budgetWan: null };
  const subterms = subtermIndex(defs);
  const opts = (embedderDimensions?: number) => ({
    embedderDimensions,
    searchableAttributes: problems.searchableAttributes,
    subterms,
  });

  it('copies fields, drops undefined ones and adds no _vectors when embeddings are off', () => {
    expect(toMeiliDocuments([doc], new Map([['p1', [1, 2]]]), opts())).toEqual([
      { id: 'p1', title: '锂电池', budgetWan: null, subterms: '电池 锂电' },
    ]);
  });

  it('puts vectors under _vectors.default and opts vectorless documents out with null', () => {
    const out = toMeiliDocuments([doc, { id: 'p2' }], new Map([['p1', [0.5, 0.5]]]), opts(2));
    expect(out[0]!._vectors).toEqual({ default: { embeddings: [0.5, 0.5], regenerate: false } });
    expect(out[1]!._vectors).toEqual({ default: null });
  });

  it('rejects vectors of the wrong size and reserved field names', () => {
    expect(() => toMeiliDocuments([doc], new Map([['p1', [1]]]), opts(2))).toThrow(
      expect.objectContaining({ kind: 'task_failed' }),
    );
    expect(() => toMeiliDocuments([{ id: 'x', _geo: 'y' }], undefined, opts())).toThrow(SearchEngineError);
    expect(() => toMeiliDocuments([{ id: 'x', subterms: 'y' }], undefined, opts())).toThrow(SearchEngineError);
  });

  it('indexes the parts of the dictionary terms in the searchable text (电池 finds 锂离子电池)', () => {
    const [out] = toMeiliDocuments(
      [{ id: 'p1', title: '锂离子电池热失控预警', description: '基于机器视觉的缺陷检测', keywords: [] }],
      undefined,
      opts(),
    );
    const parts = String(out!.subterms).split(' ');
    expect(parts).toEqual(expect.arrayContaining(['电池', '失控', '视觉']));
    expect(termParts('机器视觉')).toEqual(['机器', '视觉']);
  });

  it('cuts uploads by payload size: 3,072-dimension vectors never make a payload over the limit', () => {
    const dims = 3072;
    const docs = Array.from({ length: 120 }, (_, i) => ({ id: `l${i}`, name: `实验室${i}` }));
    const vectors = new Map(
      docs.map((d, i) => [d.id, Array.from({ length: dims }, (_, k) => Math.sin(i * 31 + k) * 0.123456789)]),
    );
    const payload = toMeiliDocuments(docs, vectors, opts(dims));
    const perDoc = Buffer.byteLength(JSON.stringify(payload)) / docs.length;
    // Counted in documents (2,000 a batch, as before), one payload would exceed Meilisearch's 100 MB.
    expect(perDoc * 2000).toBeGreaterThan(100 * 1024 * 1024);
    const limit = 1024 * 1024;
    const batches = [...payloadBatches(payload, limit)];
    expect(batches.length).toBeGreaterThan(5);
    for (const b of batches) expect(Buffer.byteLength(b)).toBeLessThanOrEqual(limit);
    expect(batches.flatMap((b) => (JSON.parse(b) as { id: string }[]).map((d) => d.id))).toEqual(docs.map((d) => d.id));
    expect(MAX_BATCH_BYTES).toBeLessThan(100 * 1024 * 1024);
  });

  it('also caps the documents per payload, and sends a single oversized document alone', () => {
    const small = Array.from({ length: 7 }, (_, i) => ({ id: String(i) }));
    expect([...payloadBatches(small, 1024, 3)].map((b) => JSON.parse(b).length)).toEqual([3, 3, 1]);
    expect(
      [...payloadBatches([{ id: 'big', x: 'y'.repeat(100) }, { id: 'a' }], 50)].map((b) => JSON.parse(b).length),
    ).toEqual([1, 1]);
  });
});

describe('server version, keys and configuration', () => {
  it('refuses a server below 1.16, warns below 1.25, accepts newer ones quietly', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(() => checkVersion('1.15.2', warn)).toThrow(/1\.15\.2 过旧.*1\.16\.0/);
    expect(() => checkVersion('0.30.5', warn)).toThrow(SearchEngineError);
    expect(warnings).toEqual([]);
    checkVersion('1.16.0', warn);
    checkVersion('1.24.9', warn);
    expect(warnings).toHaveLength(2);
    checkVersion('1.25.0', warn);
    checkVersion('1.53.1', warn);
    expect(warnings).toHaveLength(2);
    expect(compareVersions('1.9.0', '1.16.0')).toBeLessThan(0);
  });

  it('derives one stable, distinct UUID-shaped key uid per deployment and role', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(keyUid('', 'search')).toMatch(uuid);
    expect(keyUid('', 'search')).toBe(keyUid('', 'search'));
    expect(keyUid('', 'search')).not.toBe(keyUid('', 'admin'));
    expect(keyUid('a_', 'search')).not.toBe(keyUid('', 'search'));
  });

  it('refuses embeddings without their dimensions on Meilisearch (the settings would delete every vector)', () => {
    const env = {
      MEILI_URL: 'http://127.0.0.1:7700',
      EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9/v1',
      EMBEDDINGS_MODEL: 'm',
    };
    expect(() => loadConfig(env)).toThrow(/EMBEDDINGS_DIMENSIONS/);
    expect(loadConfig({ ...env, EMBEDDINGS_DIMENSIONS: '1536' }).EMBEDDINGS_DIMENSIONS).toBe(1536);
    expect(() => loadConfig({ EMBEDDINGS_BASE_URL: env.EMBEDDINGS_BASE_URL, EMBEDDINGS_MODEL: 'm' })).not.toThrow();
  });
});

describe('changedSettings', () => {
  const desired = meiliSettings(problems, defs, {});
  it('finds nothing when the server holds our values (in its own order, with its defaults added)', () => {
    const actual = JSON.parse(JSON.stringify(desired)) as Record<string, any>;
    actual.dictionary = [...actual.dictionary].reverse();
    actual.filterableAttributes = [...actual.filterableAttributes].reverse();
    actual.typoTolerance = {
      ...actual.typoTolerance,
      disableOnAttributes: [],
      disableOnWords: [...actual.typoTolerance.disableOnWords].reverse(),
    };
    actual.embedders = {};
    actual.distinctAttribute = null;
    expect(changedSettings(desired, actual)).toEqual([]);
  });

  it('names the settings that differ (a changed dictionary, a reordered attribute list)', () => {
    const actual = JSON.parse(JSON.stringify(desired)) as Record<string, any>;
    actual.dictionary = actual.dictionary.slice(1);
    actual.searchableAttributes = [...actual.searchableAttributes].reverse();
    actual.embedders = { default: { source: 'userProvided', dimensions: 4 } };
    expect(changedSettings(desired, actual).sort()).toEqual(['dictionary', 'embedders', 'searchableAttributes']);
  });
});

describe('hits', () => {
  it('slices matches by UTF-8 bytes, and by characters when an older server counted them', () => {
    expect(sliceMatch('锂离子电池隔膜', 3, 6)).toBe('离子');
    expect(sliceMatch('锂离子电池隔膜', 3, 2)).toBe('离子');
    expect(sliceMatch('PLC 控制', 0, 3)).toBe('PLC');
    expect(sliceMatch('🔋电池', 4, 6)).toBe('电池');
    expect(sliceMatch('abc', 9, 1)).toBeUndefined();
  });

  it('collects distinct lower-cased matched terms from strings and array elements', () => {
    const doc = { title: 'PLC 控制柜', keywords: ['机器视觉', 'AOI'], description: 'plc 编程' };
    const positions = {
      title: [{ start: 0, length: 3 }],
      keywords: [
        { start: 0, length: 3, indices: [1] },
        { start: 0, length: 12 },
      ],
      description: [{ start: 0, length: 3 }],
    };
    expect(matchedTerms(doc, positions)).toEqual(['plc', 'aoi']);
  });

  it('escapes document text and turns the marks into <em>', () => {
    const formatted = { title: `<b>${PRE_TAG}锂电${POST_TAG}</b> & 隔膜`, description: '无匹配' };
    expect(highlights(formatted, ['title', 'description'])).toEqual({
      title: '&lt;b&gt;<em>锂电</em>&lt;/b&gt; &amp; 隔膜',
    });
  });

  it('strips Meilisearch fields and reports cosine similarity to the query vector', () => {
    const hit = {
      id: 'l1',
      name: '实验室',
      _rankingScore: 0.8,
      _vectors: { default: { embeddings: [[1, 0]], regenerate: false } },
      _formatted: {},
    } as Hit;
    expect(storedDocument(hit)).toEqual({ id: 'l1', name: '实验室' });
    expect(semanticScore(hit, [1, 0])).toBeCloseTo(1);
    expect(semanticScore(hit, [0, 1])).toBeCloseTo(0);
    expect(
      semanticScore({ id: 'l2', _rankingScoreDetails: { vectorSort: { order: 0, similarity: 0.42 } } } as Hit, [1, 0]),
    ).toBe(0.42);
    expect(semanticScore(hit, undefined)).toBeUndefined();
  });

  it('builds the result with totals and every requested facet', () => {
    const response = {
      hits: [{ id: 'p1', title: 't', _rankingScore: 0.9 }],
      totalHits: 7,
      facetDistribution: { domains: { biomed: 3 } },
      processingTimeMs: 1,
      query: 't',
    };
    const result = toSearchResult(response as never, { limit: 1, offset: 0, facets: ['domains', 'stage'] }, {});
    expect(result).toEqual({
      hits: [{ id: 'p1', score: 0.9, document: { id: 'p1', title: 't' }, matchedTerms: [] }],
      total: 7,
      facets: { domains: { biomed: 3 }, stage: {} },
    });
  });
});

describe('errors', () => {
  const apiError = (status: number, code: string) =>
    new MeilisearchApiError(new Response(null, { status }), {
      message: `msg ${code}`,
      code,
      type: 'invalid_request',
      link: '',
    });

  it.each([
    ['unreachable', 'unavailable', new MeilisearchRequestError('http://x', new Error('ECONNREFUSED')), 'read'],
    ['5xx', 'unavailable', apiError(503, 'internal'), 'read'],
    ['bad key', 'unavailable', apiError(403, 'invalid_api_key'), 'write'],
    ['missing index', 'unavailable', apiError(404, 'index_not_found'), 'read'],
    ['bad search', 'invalid_query', apiError(400, 'invalid_search_filter'), 'read'],
    ['bad write', 'task_failed', apiError(400, 'invalid_document_id'), 'write'],
  ] as const)('maps %s to %s', (_label, kind, error, operation) => {
    expect(toEngineError(error, operation).kind).toBe(kind);
  });

  it('surfaces a failed task with Meilisearch’s message', () => {
    const task = {
      uid: 7,
      type: 'settingsUpdate',
      indexUid: 'problems',
      status: 'failed',
      error: { code: 'invalid_settings_ranking_rules', message: 'bad rule', type: 'invalid_request', link: '' },
    } as unknown as Task;
    const error = taskError(task);
    expect(error?.kind).toBe('task_failed');
    expect(error?.message).toContain('bad rule');
    expect(taskError({ ...task, status: 'succeeded', error: null })).toBeUndefined();
  });
});

/**
 * A stand-in for the Meilisearch HTTP API that records requests: exercises the engine's wiring, not
 * Meilisearch. It keeps which indexes exist and the settings last applied to each, and answers keys.
 */
async function stubServer(
  answer: (method: string, path: string, body: unknown) => { status?: number; body?: unknown } | undefined,
) {
  const requests: { method: string; path: string; body: unknown; auth?: string }[] = [];
  const failed = new Map<number, { code: string; message: string }>();
  const indexes = new Set<string>();
  const settings = new Map<string, unknown>();
  const keys = new Map<string, { uid: string; key: string; actions: string[]; indexes: string[] }>();
  const state = { version: '1.25.0', taskUid: 0 };
  const enqueue = () => ({
    status: 202,
    body: { taskUid: ++state.taskUid, indexUid: null, status: 'enqueued', type: 'x', enqueuedAt: '' },
  });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // Joined before decoding: a chunk boundary may fall inside a multi-byte character.
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0]!;
      const body = raw ? (JSON.parse(raw) as unknown) : undefined;
      requests.push({ method: req.method!, path, body, auth: req.headers.authorization });
      const custom = answer(req.method!, path, body);
      const task = /^\/tasks\/(\d+)$/.exec(path);
      const settingsOf = /^\/indexes\/([^/]+)\/settings$/.exec(path);
      const key = /^\/keys\/([^/]+)$/.exec(path);
      let reply: { status?: number; body?: unknown };
      if (custom) reply = custom;
      else if (task) {
        const error = failed.get(Number(task[1])) ?? null;
        reply = {
          body: { uid: Number(task[1]), status: error ? 'failed' : 'succeeded', type: 'x', indexUid: null, error },
        };
      } else if (path === '/health') reply = { body: { status: 'available' } };
      else if (path === '/version') reply = { body: { pkgVersion: state.version, commitSha: 'x', commitDate: 'x' } };
      else if (path === '/stats')
        reply = { body: { indexes: { t_problems: { numberOfDocuments: 3 }, t_labs: { numberOfDocuments: 0 } } } };
      else if (req.method === 'GET' && key) {
        const found = keys.get(key[1]!);
        reply = found
          ? { body: found }
          : {
              status: 404,
              body: { message: 'API key not found', code: 'api_key_not_found', type: 'invalid_request', link: '' },
            };
      } else if (req.method === 'POST' && path === '/keys') {
        const k = body as { uid: string; actions: string[]; indexes: string[] };
        keys.set(k.uid, { ...k, key: `secret-${k.actions.join('+')}` });
        reply = { status: 201, body: keys.get(k.uid) };
      } else if (req.method === 'GET' && settingsOf) reply = { body: settings.get(settingsOf[1]!) ?? {} };
      else if (req.method === 'PATCH' && settingsOf) {
        settings.set(settingsOf[1]!, body);
        reply = enqueue();
      } else if (req.method === 'POST' && path === '/indexes') {
        const { uid } = body as { uid: string };
        reply = enqueue();
        if (indexes.has(uid))
          failed.set(state.taskUid, { code: 'index_already_exists', message: `Index \`${uid}\` already exists.` });
        indexes.add(uid);
      } else if (req.method === 'GET' && path === '/indexes')
        reply = { body: { results: [{ uid: 't_labs_next_1' }, { uid: 't_labs' }], total: 2 } };
      else reply = enqueue();
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    state,
    indexes,
    settings,
    failNextTask: (code: string, message: string) => failed.set(state.taskUid + 1, { code, message }),
    close: () => new Promise((r) => server.close(r)),
  };
}

describe('engine against a stub server', () => {
  const searchReply = {
    hits: [
      {
        id: 'p1',
        title: '锂电池',
        subterms: '电池',
        _rankingScore: 0.75,
        _matchesPosition: { title: [{ start: 0, length: 9 }] },
      },
    ],
    totalHits: 1,
    facetDistribution: { domains: { new_energy: 1 } },
  };
  let stub: Awaited<ReturnType<typeof stubServer>>;
  let mode = 'ok';
  beforeAll(async () => {
    stub = await stubServer((_method, path) => {
      if (!path.endsWith('/search') && path !== '/multi-search') return undefined;
      if (mode === 'down')
        return { status: 503, body: { message: 'down', code: 'internal', type: 'internal', link: '' } };
      return {
        body: path === '/multi-search' ? { ...searchReply, totalHits: undefined, estimatedTotalHits: 1 } : searchReply,
      };
    });
  });
  afterAll(() => stub.close());
  const engine = (extra: Partial<Parameters<typeof createMeiliEngine>[0]> = {}) =>
    createMeiliEngine({ url: stub.url, indexPrefix: 't_', requestTimeoutMs: 2000, ...extra });
  const paths = (from: number) =>
    stub.requests
      .slice(from)
      .map((r) => `${r.method} ${r.path}`)
      .filter((p) => !p.startsWith('GET /tasks'));

  it('checks the version, creates both indexes with primary key id, applies the definitions and asks for a rebuild', async () => {
    stub.indexes.clear();
    const from = stub.requests.length;
    const e = engine();
    await e.init();
    expect(paths(from)).toEqual([
      'GET /version',
      'POST /indexes',
      'PATCH /indexes/t_problems/settings',
      'POST /indexes',
      'PATCH /indexes/t_labs/settings',
    ]);
    expect(stub.requests[from + 1]!.body).toEqual({ uid: 't_problems', primaryKey: 'id' });
    expect(stub.requests.find((r) => r.path === '/indexes/t_labs/settings')!.body).toMatchObject({
      searchableAttributes: [...defs.indexes.labs.searchableAttributes, 'subterms'],
    });
    // New (or wiped) indexes are empty: the indexer must fill them from the database.
    expect(e.rebuildReason()).toMatch(/t_problems 为新建.*t_labs 为新建/);
  });

  it('leaves existing indexes with our settings alone, and asks for no rebuild', async () => {
    await engine().init();
    const from = stub.requests.length;
    const e = engine();
    await e.init();
    expect(paths(from)).toEqual([
      'GET /version',
      'POST /indexes',
      'GET /indexes/t_problems/settings',
      'POST /indexes',
      'GET /indexes/t_labs/settings',
    ]);
    expect(e.rebuildReason()).toBeNull();
  });

  it('never applies changed settings in place: it asks for a rebuild, which applies them through a new index and a swap', async () => {
    await engine().init();
    stub.settings.set('t_labs', { ...(stub.settings.get('t_labs') as object), dictionary: ['旧词典'] });
    const e = engine();
    const from = stub.requests.length;
    await e.init();
    expect(paths(from).filter((p) => p.startsWith('PATCH'))).toEqual([]);
    expect(e.rebuildReason()).toMatch(/t_labs 的设置已变更（dictionary）/);
    await e.replaceAll('labs', onePage([{ id: 'l1', name: '视觉实验室' }]));
    expect(e.rebuildReason()).toBeNull();
    expect(paths(from)).toContain('POST /swap-indexes');
  });

  it('refuses a server older than 1.16 with a clear message, and warns below 1.25', async () => {
    stub.state.version = '1.15.0';
    await expect(engine().init()).rejects.toThrow(/Meilisearch 1\.15\.0 过旧/);
    stub.state.version = '1.20.1';
    const warnings: string[] = [];
    await engine({ warn: (m) => warnings.push(m) }).init();
    expect(warnings).toEqual([expect.stringContaining('1.25.0')]);
    stub.state.version = '1.25.0';
  });

  it('uses the master key only to create scoped keys: queries with the search key, indexing with the admin key', async () => {
    const from = stub.requests.length;
    const e = engine({ masterKey: 'master-secret' });
    await e.init();
    await e.upsert('labs', [{ id: 'l1', name: '视觉实验室' }]);
    await e.search('labs', { q: 'x', limit: 5, offset: 0 });
    const seen = stub.requests.slice(from).filter((r) => !r.path.startsWith('/tasks'));
    const created = seen
      .filter((r) => r.method === 'POST' && r.path === '/keys')
      .map((r) => r.body as { actions: string[]; indexes: string[] });
    expect(created.map((k) => k.actions)).toEqual([
      ['documents.*', 'indexes.*', 'settings.*', 'tasks.*', 'stats.get', 'version'],
      ['search'],
    ]);
    for (const k of created) expect(k.indexes).toEqual(['t_*']);
    const masterUsed = seen.filter((r) => r.auth === 'Bearer master-secret').map((r) => `${r.method} ${r.path}`);
    expect(masterUsed.every((p) => p === 'GET /version' || p.includes('/keys'))).toBe(true);
    expect(seen.find((r) => r.path === '/indexes/t_labs/search')!.auth).toBe('Bearer secret-search');
    expect(seen.find((r) => r.path === '/indexes/t_labs/documents')!.auth).toBe(`Bearer secret-${KEY_ADMIN}`);
    // A second start finds the keys instead of creating them again.
    const again = stub.requests.length;
    await engine({ masterKey: 'master-secret' }).init();
    expect(stub.requests.slice(again).filter((r) => r.method === 'POST' && r.path === '/keys')).toEqual([]);
  });

  it('surfaces a failed task as task_failed with Meilisearch’s message', async () => {
    const e = engine();
    await e.init();
    const from = stub.requests.length;
    stub.failNextTask('invalid_document_id', 'Document identifier `a b` is invalid');
    await expect(e.upsert('problems', [{ id: 'a b' }])).rejects.toMatchObject({
      kind: 'task_failed',
      message: expect.stringContaining('is invalid'),
    });
    expect(paths(from)).toEqual(['POST /indexes/t_problems/documents']);
  });

  it('searches with structured parameters and translates the answer (no vectors asked for, sub-terms not returned)', async () => {
    const e = engine();
    await e.init();
    const from = stub.requests.length;
    const result = await e.search('problems', {
      q: '锂电池',
      limit: 10,
      offset: 0,
      facets: ['domains'],
      filters: [{ field: 'stage', op: 'in', values: ['a" OR 1=1'] }],
    });
    expect(paths(from)).toEqual(['POST /indexes/t_problems/search']);
    expect(stub.requests[from]!.body).toMatchObject({
      q: '锂电池',
      filter: ['stage IN ["a\\" OR 1=1"]'],
      matchingStrategy: 'all',
      page: 1,
      hitsPerPage: 10,
      facets: ['domains'],
    });
    expect(stub.requests[from]!.body).not.toHaveProperty('retrieveVectors');
    expect(result).toEqual({
      hits: [{ id: 'p1', score: 0.75, document: { id: 'p1', title: '锂电池' }, matchedTerms: ['锂电池'] }],
      total: 1,
      facets: { domains: { new_energy: 1 } },
    });
  });

  it('answers an any-query of several words with one federated search over its rotations', async () => {
    const e = engine();
    await e.init();
    const from = stub.requests.length;
    const result = await e.search('problems', {
      q: '草莓 锂电池',
      matching: 'any',
      limit: 10,
      offset: 0,
      facets: ['domains'],
    });
    expect(paths(from)).toEqual(['POST /multi-search']);
    const body = stub.requests[from]!.body as { federation: unknown; queries: { q: string }[] };
    expect(body.queries.map((q) => q.q)).toEqual(['草莓 锂电池', '锂电池 草莓']);
    expect(body.federation).toMatchObject({ offset: 0, limit: 10, facetsByIndex: { t_problems: ['domains'] } });
    expect(result.hits.map((h) => h.id)).toEqual(['p1']);
    expect(result.total).toBe(1);
  });

  it('answers unavailable on 5xx and re-initialises once the server is back', async () => {
    const e = engine();
    await e.init();
    mode = 'down';
    await expect(e.search('labs', { q: 'x', limit: 5, offset: 0 })).rejects.toMatchObject({ kind: 'unavailable' });
    mode = 'ok';
    const from = stub.requests.length;
    await e.search('labs', { q: 'x', limit: 5, offset: 0 });
    expect(paths(from)).toContain('GET /indexes/t_problems/settings');
  });

  it('streams a reindex page by page into a temporary index, swaps it in and deletes the old one', async () => {
    const e = engine();
    await e.init();
    const from = stub.requests.length;
    async function* pages() {
      yield { docs: [{ id: 'l1', name: '视觉实验室' }] };
      yield { docs: [{ id: 'l2', name: '储能实验室' }] };
    }
    await e.replaceAll('labs', pages());
    const next = (
      stub.requests.slice(from).find((r) => r.method === 'POST' && r.path === '/indexes')!.body as { uid: string }
    ).uid;
    expect(next).toMatch(/^t_labs_next_\d+$/);
    expect(paths(from)).toEqual([
      'GET /indexes',
      'DELETE /indexes/t_labs_next_1',
      'POST /indexes',
      `PATCH /indexes/${next}/settings`,
      `POST /indexes/${next}/documents`,
      `POST /indexes/${next}/documents`,
      'POST /indexes',
      'POST /swap-indexes',
      `DELETE /indexes/${next}`,
    ]);
    expect(stub.requests.slice(from).find((r) => r.path === '/swap-indexes')!.body).toEqual([
      { indexes: ['t_labs', next] },
    ]);
  });

  it('reports document counts, and ok:false without throwing when the server is unreachable', async () => {
    expect(await engine().health()).toEqual({ ok: true, engine: 'meilisearch', documents: { problems: 3, labs: 0 } });
    const gone = createMeiliEngine({ url: 'http://127.0.0.1:9', requestTimeoutMs: 1000 });
    expect(await gone.health()).toMatchObject({ ok: false, engine: 'meilisearch' });
    await expect(gone.search('problems', { q: 'x', limit: 1, offset: 0 })).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });
});

const KEY_ADMIN = 'documents.*+indexes.*+settings.*+tasks.*+stats.get+version';
