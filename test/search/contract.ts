/**
 * The search-port contract, run against every engine: `engineContract(label, makeEngine)`.
 * Engine-agnostic: it compares id sets and orders both engines must agree on, never scores or ties.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onePage, SearchEngineError, type Filter, type SearchEngine, type SearchQuery } from '../../src/search/port.js';
import { HOSTILE, LAB_VECTORS, LABS, PROBLEMS } from './contract-fixtures.js';

const sorted = (xs: string[]) => [...xs].sort();
const idsWhere = (pred: (d: (typeof PROBLEMS)[number]) => boolean) => sorted(PROBLEMS.filter(pred).map((d) => d.id));

export function engineContract(label: string, makeEngine: () => Promise<SearchEngine>): void {
  describe(`search engine contract: ${label}`, () => {
    let engine: SearchEngine;
    const search = (q: Partial<SearchQuery>, index: 'problems' | 'labs' = 'problems') =>
      engine.search(index, { limit: 50, offset: 0, ...q });
    const ids = async (q: Partial<SearchQuery>, index: 'problems' | 'labs' = 'problems') =>
      (await search(q, index)).hits.map((h) => h.id);

    beforeAll(async () => {
      engine = await makeEngine();
      await engine.init();
      await engine.replaceAll('problems', onePage(PROBLEMS));
      await engine.replaceAll('labs', onePage(LABS, LAB_VECTORS));
    });
    afterAll(() => engine?.close());

    it('reports health with document counts', async () => {
      const h = await engine.health();
      expect(h.ok).toBe(true);
      expect(h.documents).toMatchObject({ problems: PROBLEMS.length, labs: LABS.length });
    });

    describe('Chinese text and synonyms', () => {
      it.each([
        ['锂电池', 'p01'], // synonym: the text says 锂离子电池
        ['视觉检测', 'p02'], // colloquial → 机器视觉
        ['自动光学检测', 'p05'], // full name → the text says AOI
        ['可编程逻辑控制器', 'p03'], // full name → the text says PLC
        ['PLC', 'p04'], // abbreviation → the text says 可编程逻辑控制器
        ['机械手 焊接', 'p08'], // colloquial → 工业机器人
        ['废水处理', 'p06'], // → 污水处理
        ['太阳能板', 'p18'], // → 光伏组件
      ])('%s finds %s', async (q, id) => {
        expect(await ids({ q })).toContain(id);
      });

      // Dictionary terms are indexed whole; a query for one of their parts still finds them.
      it.each([
        ['电池', 'p01'], // the text says 锂离子电池
        ['视觉', 'p02'], // the text says 机器视觉
        ['失控', 'p09'], // the text says 热失控
      ])('a part of a dictionary term: %s finds %s', async (q, id) => {
        expect(await ids({ q })).toContain(id);
      });

      it('matches every word by default and nothing for unrelated words', async () => {
        expect(sorted(await ids({ q: '草莓 保鲜' }))).toEqual(['p10']);
        expect(await ids({ q: '草莓 单克隆抗体' })).toEqual([]);
        expect((await search({ q: '量子纠缠光钟' })).total).toBe(0);
      });

      it("'any' ranks documents by how many words they match", async () => {
        const q = '草莓 碳纤维 单克隆抗体';
        expect((await search({ q })).total).toBe(0);
        const r = await search({ q, matching: 'any' });
        expect(r.hits[0]!.id).toBe('p19');
        expect(sorted(r.hits.map((h) => h.id))).toEqual(expect.arrayContaining(['p10', 'p12', 'p13', 'p19']));
        for (const h of r.hits) (expect(h.score).toBeGreaterThanOrEqual(0), expect(h.score).toBeLessThanOrEqual(1));
      });

      it('returns scores in [0, 1], best first, and the matched terms', async () => {
        const r = await search({ q: '机器视觉' });
        expect(r.hits.length).toBeGreaterThan(0);
        const scores = r.hits.map((h) => h.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        for (const h of r.hits) expect(h.matchedTerms.length).toBeGreaterThan(0);
      });
    });

    describe('Latin words', () => {
      it.each([
        ['mahcine vision', 'p07'],
        ['machne vison', 'p07'],
        ['inspectoin', 'p07'],
        ['automatd assembly', 'p15'],
      ])('tolerates typos: %s finds %s', async (q, id) => {
        expect(await ids({ q })).toContain(id);
      });

      it('does not apply typos to short words', async () => {
        expect(await ids({ q: 'PCL' })).toEqual([]);
      });

      it.each([
        ['machi', 'p07'],
        ['weld seam insp', 'p07'],
        ['automat', 'p15'],
      ])('searches the last word as a prefix: %s', async (q, id) => {
        expect(await ids({ q })).toContain(id);
      });
    });

    describe('filters', () => {
      const cases: [string, Filter[], (d: (typeof PROBLEMS)[number]) => boolean][] = [
        [
          'in (scalar)',
          [{ field: 'stage', op: 'in', values: ['matching', 'closed'] }],
          (d) => ['matching', 'closed'].includes(d.stage as string),
        ],
        [
          'in (array: contains any)',
          [{ field: 'domains', op: 'in', values: ['aerospace', 'biomed'] }],
          (d) => (d.domains as string[]).some((x) => ['aerospace', 'biomed'].includes(x)),
        ],
        [
          'not_in',
          [{ field: 'domains', op: 'not_in', values: ['new_energy', 'advanced_manufacturing'] }],
          (d) => !(d.domains as string[]).some((x) => ['new_energy', 'advanced_manufacturing'].includes(x)),
        ],
        [
          'range (inclusive)',
          [{ field: 'budgetWan', op: 'range', gte: 30, lte: 80 }],
          (d) => d.budgetWan !== null && (d.budgetWan as number) >= 30 && (d.budgetWan as number) <= 80,
        ],
        [
          'range (open end)',
          [{ field: 'deadline', op: 'range', gte: 1_780_000_000 + 60 * 86_400 }],
          (d) => d.deadline !== null && (d.deadline as number) >= 1_780_000_000 + 60 * 86_400,
        ],
        ['exists true', [{ field: 'liaisonId', op: 'exists', value: true }], (d) => d.liaisonId !== null],
        ['exists false', [{ field: 'budgetWan', op: 'exists', value: false }], (d) => d.budgetWan === null],
        [
          'ANDed',
          [
            { field: 'enterpriseId', op: 'in', values: ['ent-1'] },
            { field: 'visibility', op: 'in', values: ['public'] },
          ],
          (d) => d.enterpriseId === 'ent-1' && d.visibility === 'public',
        ],
      ];
      it.each(cases)('%s', async (_name, filters, pred) => {
        const r = await search({ filters });
        expect(sorted(r.hits.map((h) => h.id))).toEqual(idsWhere(pred));
        expect(r.total).toBe(idsWhere(pred).length);
      });

      it.each(HOSTILE)('hostile value %j matches nothing and widens nothing', async (value) => {
        expect((await search({ filters: [{ field: 'stage', op: 'in', values: [value] }] })).total).toBe(0);
        expect((await search({ filters: [{ field: 'enterpriseId', op: 'in', values: ['ent-2', value] }] })).total).toBe(
          idsWhere((d) => d.enterpriseId === 'ent-2').length,
        );
        expect((await search({ filters: [{ field: 'stage', op: 'not_in', values: [value] }] })).total).toBe(
          PROBLEMS.length,
        );
        const r = await search({
          q: value,
          filters: [
            { field: 'visibility', op: 'in', values: ['public'] },
            { field: 'enterpriseId', op: 'in', values: [value] },
          ],
        });
        expect(r.total).toBe(0);
      });

      it('rejects a filter, facet or sort on an attribute not declared for it', async () => {
        await expect(search({ filters: [{ field: 'title', op: 'in', values: ['x'] }] })).rejects.toMatchObject({
          name: 'SearchEngineError',
          kind: 'invalid_query',
        });
        await expect(search({ sort: [{ field: 'title', direction: 'asc' }] })).rejects.toBeInstanceOf(
          SearchEngineError,
        );
      });
    });

    describe('access rules as filters', () => {
      const publicOnly: Filter = { field: 'visibility', op: 'in', values: ['public'] };
      it.each(['专属保密', '热失控', '电池管理系统', 'BMS', 'AOI', '', '专属保密 OR visibility = bureau'])(
        'public filter never leaks bureau problems (q=%j)',
        async (q) => {
          for (const matching of ['all', 'any'] as const) {
            const r = await search({ q, matching, filters: [publicOnly], facets: ['domains'] });
            for (const h of r.hits) expect(h.document.visibility).toBe('public');
            expect(r.hits.map((h) => h.id)).not.toContain('p09');
          }
        },
      );
      it('an owner filter never shows another enterprise', async () => {
        const owner: Filter = { field: 'enterpriseId', op: 'in', values: ['ent-1'] };
        for (const q of ['电池', '专属保密', '机器视觉 OR 1=1', '']) {
          const r = await search({ q, matching: 'any', filters: [owner] });
          for (const h of r.hits) expect(h.document.enterpriseId).toBe('ent-1');
        }
      });
    });

    it('counts facets over every match, not just the page', async () => {
      const r = await search({
        limit: 2,
        filters: [{ field: 'visibility', op: 'in', values: ['public'] }],
        facets: ['domains', 'stage'],
      });
      const pub = PROBLEMS.filter((d) => d.visibility === 'public');
      const count = (f: (d: (typeof pub)[number]) => string[]) => {
        const out: Record<string, number> = {};
        for (const d of pub) for (const v of f(d)) out[v] = (out[v] ?? 0) + 1;
        return out;
      };
      expect(r.hits).toHaveLength(2);
      expect(r.total).toBe(17);
      expect(r.facets.domains).toEqual(count((d) => d.domains as string[]));
      expect(r.facets.stage).toEqual(count((d) => [d.stage as string]));
      expect(r.facets.domains!.new_energy).toBe(2);
    });

    describe('sort and pagination', () => {
      it.each(['asc', 'desc'] as const)('sorts by budget %s with missing values last', async (direction) => {
        const hits = (await search({ sort: [{ field: 'budgetWan', direction }] })).hits;
        const budgets = hits.map((h) => h.document.budgetWan as number | null);
        const present = budgets.filter((b): b is number => b !== null);
        expect(present).toEqual([...present].sort((a, b) => (direction === 'asc' ? a - b : b - a)));
        expect(budgets.slice(present.length).every((b) => b === null)).toBe(true);
        expect(budgets).toHaveLength(PROBLEMS.length);
      });
      it('pages are stable, do not overlap and add up to the total', async () => {
        const q: Partial<SearchQuery> = {
          sort: [{ field: 'postedAt', direction: 'desc' }],
          filters: [{ field: 'visibility', op: 'in', values: ['public'] }],
        };
        const all = await ids(q);
        const pages: string[] = [];
        for (let offset = 0; offset < 20; offset += 3) {
          const r = await search({ ...q, offset, limit: 3 });
          expect(r.total).toBe(17);
          pages.push(...r.hits.map((h) => h.id));
        }
        expect(pages).toEqual(all);
        expect(new Set(pages).size).toBe(17);
        expect((await search({ ...q, offset: 100, limit: 3 })).hits).toEqual([]);
      });
    });

    it('highlights the matched terms with <em>', async () => {
      const r = await search({ q: '锂离子电池', highlight: true });
      const hit = r.hits.find((h) => h.id === 'p01')!;
      // engines may mark the term in pieces (<em>锂离子</em><em>电池</em>): joined, it is one mark
      expect(hit.highlights?.title?.replaceAll('</em><em>', '')).toContain('<em>锂离子电池</em>');
      expect(hit.highlights?.title?.replace(/<\/?em>/g, '')).toBe(hit.document.title);
      expect(hit.document.title).toBe('锂离子电池极片涂布厚度不均');
    });

    it('ranks a document with cosine 1 first when the semantic ratio is high', async () => {
      const q = { q: '机器视觉', vector: [1, 0, 0, 0] };
      expect((await search({ ...q, semanticRatio: 0.9 }, 'labs')).hits[0]!.id).toBe('l01');
      expect((await search({ ...q, semanticRatio: 0 }, 'labs')).hits[0]!.id).not.toBe('l01');
      expect(await ids({ q: '机器视觉' }, 'labs')).not.toContain('l01');
    });

    describe('writes', () => {
      it('upsert replaces a document and remove removes it', async () => {
        await engine.upsert('labs', [{ ...LABS[3]!, summary: '石墨烯导热膜制备。' }], new Map([['l04', [0, 0, 0, 1]]]));
        expect(await ids({ q: '膜分离' }, 'labs')).not.toContain('l04');
        expect(await ids({ q: '石墨烯' }, 'labs')).toEqual(['l04']);
        expect((await search({}, 'labs')).total).toBe(LABS.length);
        await engine.remove('labs', ['l04', 'no-such-id']);
        expect(await ids({ q: '石墨烯' }, 'labs')).toEqual([]);
        expect((await engine.health()).documents?.labs).toBe(LABS.length - 1);
      });
      it('replaceAll swaps the whole content', async () => {
        await engine.replaceAll('labs', onePage([{ ...LABS[0]!, id: 'l99', name: '氢能实验室' }]));
        expect(await ids({}, 'labs')).toEqual(['l99']);
        expect(await ids({ q: '氢能' }, 'labs')).toEqual(['l99']);
        expect((await engine.health()).documents?.labs).toBe(1);
        expect((await search({})).total).toBe(PROBLEMS.length);
      });
    });
  });
}
