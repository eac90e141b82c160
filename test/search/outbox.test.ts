/**
 * The index is derived: writes succeed while the engine is down, search answers 503, and once the
 * engine is back the indexer catches up with nothing missing; an indexer killed between writing to
 * the engine and marking its outbox rows done redoes the batch without duplicates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import { createIndexer } from '../../src/search/indexer.js';
import { type SearchEngine, SearchEngineError } from '../../src/search/port.js';
import { silentLogger } from '../../src/logger.js';
import { testApp, type TestApp } from '../support/app.js';
import { cast } from '../support/fixtures.js';

/** A real engine behind a switch: 'down' refuses every call, 'crash-after-write' writes and then fails (a kill before the outbox is marked). */
function switchable(inner: SearchEngine) {
  const sw = { mode: 'up' as 'up' | 'down' | 'crash-after-write' };
  const guard = async <T>(write: boolean, call: () => Promise<T>): Promise<T> => {
    if (sw.mode === 'down') throw new SearchEngineError('unavailable', '引擎停机（测试）');
    const out = await call();
    if (write && sw.mode === 'crash-after-write') throw new Error('indexer killed (test)');
    return out;
  };
  const engine: SearchEngine = {
    kind: inner.kind,
    init: () => inner.init(),
    rebuildReason: () => inner.rebuildReason(),
    upsert: (i, d, v) => guard(true, () => inner.upsert(i, d, v)),
    remove: (i, ids) => guard(true, () => inner.remove(i, ids)),
    replaceAll: (i, pages) => guard(true, () => inner.replaceAll(i, pages)),
    search: (i, q) => guard(false, () => inner.search(i, q)),
    health: async () => (sw.mode === 'down' ? { ok: false, engine: inner.kind, detail: 'down' } : inner.health()),
    close: () => inner.close(),
  };
  return { engine, sw };
}

let t: TestApp;
let sw: { mode: 'up' | 'down' | 'crash-after-write' };
let c: Awaited<ReturnType<typeof cast>>;

beforeAll(async () => {
  const s = switchable(createEmbeddedEngine());
  sw = s.sw;
  t = await testApp({ engine: s.engine });
  c = await cast(t);
});
afterAll(() => t.close());

const countIndexed = async (title: string) => {
  const r = await t.call('GET', `/api/v1/search?index=problems&q=${encodeURIComponent(title)}&limit=100`);
  return r.body.hits.filter((h: { document: { title: string } }) => h.document.title.startsWith(title)).length;
};

describe('outbox and indexer', () => {
  it('writes succeed while the engine is down; search is 503; all are searchable after recovery', async () => {
    await t.deps.search.indexer.drain();
    sw.mode = 'down';
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await c.f.problem(c.entA.id, { title: `停机期间发布的难题${i}号` }));
    expect(created).toHaveLength(5);
    const search = await t.call('GET', '/api/v1/search?index=problems&q=停机期间');
    expect(search.status).toBe(503);
    expect(search.body.code).toBe('service_unavailable');
    // drain, not drainOnce: on a shared PostgreSQL server another database's open transaction can hold rows back a moment.
    await expect(t.deps.search.indexer.drain()).rejects.toBeInstanceOf(SearchEngineError);
    const status = await t.deps.search.indexer.status();
    expect(status.pending).toBeGreaterThanOrEqual(5);
    expect(status.lastError).toContain('引擎停机');
    const health = await t.call('GET', '/health', { token: null });
    expect(health.body.status).toBe('degraded');

    sw.mode = 'up';
    await t.deps.search.indexer.drain();
    expect(await countIndexed('停机期间发布的难题')).toBe(5);
    expect((await t.deps.search.indexer.status()).pending).toBe(0);
  });

  it('a killed indexer redoes its batch: nothing lost, nothing doubled', async () => {
    const a = await c.f.problem(c.entA.id, { title: '重启测试难题甲' });
    await c.f.problem(c.entA.id, { title: '重启测试难题乙' });
    await t.call('PATCH', `/api/v1/problems/${a.id}`, { body: { budgetWan: 99, version: a.version } });
    sw.mode = 'crash-after-write';
    await expect(t.deps.search.indexer.drain()).rejects.toThrow('indexer killed');
    sw.mode = 'up';
    // A new indexer process starts from the same outbox.
    const restarted = createIndexer({ db: t.store.db, engine: t.deps.search.engine, logger: silentLogger });
    await restarted.drain();
    expect(await countIndexed('重启测试难题')).toBe(2);
    const hit = (await t.call('GET', `/api/v1/search?index=problems&q=重启测试难题甲`)).body.hits.find(
      (h: { id: string }) => h.id === a.id,
    );
    expect(hit.document.budgetWan).toBe(99);
  });

  it('deletes leave the index', async () => {
    const p = await c.f.problem(c.entA.id, { title: '即将删除的难题' });
    await t.deps.search.indexer.drain();
    expect(await countIndexed('即将删除的难题')).toBe(1);
    await t.call('DELETE', `/api/v1/problems/${p.id}`);
    await t.deps.search.indexer.drain();
    expect(await countIndexed('即将删除的难题')).toBe(0);
  });

  it("a university rename reaches its labs' documents", async () => {
    const lab = await c.f.lab(c.uniX.id, { name: '改名联动实验室' });
    await t.deps.search.indexer.drain();
    const uni = await t.call('GET', `/api/v1/universities/${c.uniX.id}`);
    await t.call('PATCH', `/api/v1/universities/${c.uniX.id}`, {
      body: { name: '更名后的大学', version: uni.body.version },
    });
    await t.deps.search.indexer.drain();
    const r = await t.call('GET', `/api/v1/search?index=labs&q=改名联动实验室`);
    expect(r.body.hits.find((h: { id: string }) => h.id === lab.id).document.universityName).toBe('更名后的大学');
  });

  it('the background loop picks up writes by itself', async () => {
    t.deps.search.indexer.start();
    await c.f.problem(c.entA.id, { title: '后台索引的难题' });
    for (let i = 0; i < 100 && (await countIndexed('后台索引的难题')) === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await countIndexed('后台索引的难题')).toBe(1);
    await t.deps.search.indexer.stop();
  });

  it('a rebuild covers everything and settles the outbox', async () => {
    const counts = await t.deps.search.indexer.rebuild();
    const live = await t.store.db
      .selectFrom('problems')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('deletedAt', 'is', null)
      .executeTakeFirstOrThrow();
    expect(counts.problems).toBe(Number(live.n));
    expect((await t.deps.search.indexer.status()).pending).toBe(0);
  });
});
