/** The search contract on the embedded engine, plus what only the embedded engine promises (its word rule, tombstones and merges, write ordering). */
import { describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../src/search/definitions.js';
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import { allowedTypos, editDistance } from '../../src/search/embedded/typos.js';
import { onePage, SearchEngineError, type SearchDocument, type SearchQuery } from '../../src/search/port.js';
import { engineContract } from './contract.js';
import { LABS, PROBLEMS } from './contract-fixtures.js';

engineContract('embedded', async () => createEmbeddedEngine());

const q = (x: Partial<SearchQuery>): SearchQuery => ({ limit: 20, offset: 0, ...x });
const lab = (id: string, name: string, summary = ''): SearchDocument => ({ ...LABS[0]!, id, name, summary });
async function engineWith(labs: SearchDocument[], vectors?: Map<string, number[]>, defs = loadDefinitions()) {
  const e = createEmbeddedEngine(defs);
  await e.replaceAll('labs', onePage(labs, vectors));
  return e;
}
const ids = async (e: Awaited<ReturnType<typeof engineWith>>, x: Partial<SearchQuery>) =>
  (await e.search('labs', q(x))).hits.map((h) => h.id);

describe('embedded engine: word rule', () => {
  it('a Han word of n ≥ 3 characters matches its term or k − ⌊k/3⌋ of its k bigrams', async () => {
    const e = await engineWith([lab('a', '叶片精密铸造'), lab('b', '精密铸造'), lab('c', '精密铸造叶片')], undefined, {
      ...loadDefinitions(),
      dictionary: ['精密铸造叶片'],
      synonymGroups: [],
    });
    // 精密铸造叶片: 5 bigrams, 4 needed; a has 4 of them, b only 3
    expect((await ids(e, { q: '精密铸造叶片' })).sort()).toEqual(['a', 'c']);
    expect(
      (await e.search('labs', q({ q: '精密铸造叶片', highlight: true }))).hits.find((h) => h.id === 'c')!.highlights!
        .name,
    ).toBe('<em>精密铸造叶片</em>');
  });

  it('drops stop words and keeps lone characters optional between words', async () => {
    const e = await engineWith([lab('a', '锂离子电池回收'), lab('b', '污水处理')]);
    expect(await ids(e, { q: '我们 需要 锂电池' })).toEqual(['a']);
    expect(await ids(e, { q: '的' })).toHaveLength(2); // only stop words: everything, like an empty query
  });

  it('answers a single-character query through the bigrams containing it', async () => {
    const e = await engineWith([lab('a', '反渗透膜分离'), lab('b', '污水处理')]);
    expect(await ids(e, { q: '膜' })).toEqual(['a']);
  });

  it('keeps dictionary terms with Latin parts whole and finds them by their parts', async () => {
    const e = await engineWith([lab('a', '5G通信模组'), lab('b', '4G通信')]);
    expect(await ids(e, { q: '5G通信' })).toEqual(['a']);
  });

  it('never applies typos to Chinese', async () => {
    const e = await engineWith([lab('a', '机器视觉'), lab('b', '视角')]);
    expect(await ids(e, { q: '视角' })).toEqual(['b']);
  });

  it.each([
    ['plc', 0],
    ['motor', 1],
    ['inspection', 2],
    ['电池电池电池', 0],
  ])('allows %s %i typos', (w, n) => expect(allowedTypos(w)).toBe(n));
  it('counts a transposition as one edit', () => {
    expect(editDistance('mahcine', 'machine', 1)).toBe(1);
    expect(editDistance('machine', 'marine', 1)).toBe(2);
  });
});

describe('embedded engine: ranking and output', () => {
  it('ranks documents without vectors on text alone', async () => {
    const e = await engineWith([lab('a', '机器视觉检测'), lab('b', '机器视觉检测')], new Map([['b', [0, 1]]]));
    const r = await e.search('labs', q({ q: '机器视觉', vector: [1, 0], semanticRatio: 0.9 }));
    expect(r.hits.map((h) => h.id)).toEqual(['a', 'b']);
    expect(r.hits[0]!.semanticScore).toBeUndefined();
    expect(r.hits[1]!.semanticScore).toBe(0);
  });

  it('escapes HTML in highlights so <em> is the only markup', async () => {
    const e = await engineWith([lab('a', '<b>锂电池</b> & "隔膜"')]);
    const [hit] = (await e.search('labs', q({ q: '锂电池', highlight: true }))).hits;
    expect(hit!.highlights!.name).toBe('&lt;b&gt;<em>锂电池</em>&lt;/b&gt; &amp; &quot;隔膜&quot;');
  });

  it('reports matched terms after synonyms and typos', async () => {
    const e = await engineWith([lab('a', 'machine vision 缺陷检测'), lab('b', '锂离子电池')]);
    expect((await e.search('labs', q({ q: 'mahcine' }))).hits[0]!.matchedTerms).toEqual(['machine']);
    expect((await e.search('labs', q({ q: '锂电' }))).hits[0]!.matchedTerms).toContain('锂离子电池');
  });
});

describe('embedded engine: writes', () => {
  it('applies writes in call order, a replaceAll swapping before a later upsert', async () => {
    const e = await engineWith([lab('old', '旧数据')]);
    const swap = e.replaceAll('labs', onePage([lab('new', '新数据')]));
    const up = e.upsert('labs', [lab('late', '后写入')]);
    await Promise.all([swap, up]);
    expect((await ids(e, {})).sort()).toEqual(['late', 'new']);
  });

  it('stays correct across many replacements (tombstones merged away)', async () => {
    const e = await engineWith([]);
    for (let round = 0; round < 150; round++)
      await e.upsert(
        'labs',
        Array.from({ length: 10 }, (_, i) => lab(`x${i}`, `轮次${round} 储能`)),
      );
    expect((await e.search('labs', q({ q: '储能' }))).total).toBe(10);
    expect((await e.search('labs', q({ q: '轮次149' }))).total).toBe(10);
    expect((await e.search('labs', q({ q: '轮次3' }))).total).toBe(0);
    expect((await e.health()).documents?.labs).toBe(10);
  });

  it('an upsert of documents exactly as held (fields and vector) leaves every score as it was; a change still lands', async () => {
    const docs = [
      lab('a', '机器视觉实验室', '视觉检测 缺陷检测'),
      lab('b', '视觉检测中心', '表面缺陷'),
      lab('c', '电池实验室'),
    ];
    const vectors = new Map(docs.map((d, i) => [d.id, [1, i, 2, 0.5]]));
    const e = await engineWith(docs, vectors);
    const query = q({ q: '视觉检测 缺陷', vector: [1, 1, 2, 0], semanticRatio: 0.5 });
    const before = await e.search('labs', query);
    for (let i = 0; i < 3; i++) await e.upsert('labs', structuredClone(docs), new Map(vectors));
    expect(await e.search('labs', query)).toEqual(before);
    // The same fields with another vector, or a changed field, are a change.
    await e.upsert('labs', [docs[1]!], new Map([['b', [0, 1, 0, 0]]]));
    expect((await e.search('labs', query)).hits.find((h) => h.id === 'b')!.semanticScore).not.toBe(
      before.hits.find((h) => h.id === 'b')!.semanticScore,
    );
    await e.upsert('labs', [{ ...docs[0]!, summary: '视觉检测' }], vectors);
    expect((await e.search('labs', query)).hits.find((h) => h.id === 'a')!.score).not.toBe(
      before.hits.find((h) => h.id === 'a')!.score,
    );
  });

  it('keeps the last of duplicate ids in one replaceAll', async () => {
    const e = await engineWith([lab('a', '第一版'), lab('a', '第二版')]);
    expect((await e.search('labs', q({}))).hits.map((h) => h.document.name)).toEqual(['第二版']);
  });

  it('reports itself down after close and refuses work', async () => {
    const e = createEmbeddedEngine();
    await e.replaceAll('problems', onePage(PROBLEMS));
    await e.close();
    expect((await e.health()).ok).toBe(false);
    await expect(e.search('problems', q({ q: '电池' }))).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(e.upsert('problems', PROBLEMS)).rejects.toBeInstanceOf(SearchEngineError);
  });
});
