/**
 * The outbox read as a log by several readers: two embedded engines on one database each see
 * every change; of two transactions committing in reverse order the later is indexed at once and
 * the earlier, with its smaller ids, is not skipped (PostgreSQL, where transactions run side by side); the shared engine's reader is held by one process at a
 * time and taken over once its holder's lease expires; pruning waits for the slowest live reader.
 */
import { silentLogger as silent } from '../../src/logger.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import { createIndexer } from '../../src/search/indexer.js';
import { advanceLeased, countAfter, lease, prune, rowsAfter, START } from '../../src/search/outbox-reader.js';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const titles = async (engine: ReturnType<typeof createEmbeddedEngine>, q: string) =>
  (await engine.search('problems', { q, limit: 50, offset: 0 })).hits.map((h) => String(h.document.title)).sort();

describe('outbox readers', () => {
  it('two embedded engines on one database each see every change', async () => {
    const f = fixtures(t);
    const ent = await f.enterprise();
    const engines = [createEmbeddedEngine(), createEmbeddedEngine()];
    await Promise.all(engines.map((e) => e.init()));
    const indexers = engines.map((engine) => createIndexer({ db: t.store.db, engine, logger: silent }));
    await f.problem(ent.id, { title: '双进程可见难题甲' });
    await indexers[0]!.drain();
    await f.problem(ent.id, { title: '双进程可见难题乙' });
    await indexers[0]!.drain();
    await indexers[1]!.drain();
    for (const e of engines)
      expect(await titles(e, '双进程可见难题')).toEqual(['双进程可见难题乙', '双进程可见难题甲']);
    expect((await indexers[0]!.status()).pending).toBe(0);
    expect((await indexers[1]!.status()).pending).toBe(0);
    await Promise.all(indexers.map((i) => i.stop()));
  });

  it.runIf(!!process.env.DATABASE_URL)(
    'two transactions committing in reverse order: the later is searchable at once, the earlier once it commits',
    async () => {
      const f = fixtures(t);
      const ent = await f.enterprise();
      const engine = createEmbeddedEngine();
      await engine.init();
      const indexer = createIndexer({ db: t.store.db, engine, logger: silent });
      await indexer.drain();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let written!: () => void;
      const wrote = new Promise<void>((r) => (written = r));
      // A slow writer: its outbox row gets the smaller transaction id and row id, then it waits before committing.
      const slow = t.store.db.transaction().execute(async (tx) => {
        await sql`select pg_current_xact_id()`.execute(tx);
        const p = await tx
          .insertInto('problems')
          .values({
            enterpriseId: ent.id,
            title: '慢事务写入的难题',
            description: '慢事务写入的难题，用于验证提交顺序。',
            domains: ['advanced_manufacturing'],
            keywords: [],
          } as never)
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.insertInto('outbox').values({ entity: 'problem', entityId: p.id, op: 'upsert' }).execute();
        written();
        await held;
      });
      await wrote;
      await f.problem(ent.id, { title: '快事务写入的难题' });
      // The later transaction committed first: it is not held back by the older one still running…
      const started = Date.now();
      await indexer.drain();
      expect(Date.now() - started, 'drain did not wait for the open transaction').toBeLessThan(2_000);
      expect(await titles(engine, '事务写入的难题')).toEqual(['快事务写入的难题']);
      expect((await indexer.status()).pending).toBe(0);
      // …and the older one, committing last with the smaller ids, is not skipped.
      release();
      await slow;
      await indexer.drain();
      expect(await titles(engine, '事务写入的难题')).toEqual(['快事务写入的难题', '慢事务写入的难题']);
      expect((await indexer.status()).pending).toBe(0);
      await indexer.stop();
    },
  );

  it.runIf(!!process.env.DATABASE_URL)(
    'a rebuild while an unrelated transaction is open leaves nothing pending that it read',
    async () => {
      const f = fixtures(t);
      const ent = await f.enterprise();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let begun!: () => void;
      const began = new Promise<void>((r) => (begun = r));
      // Any open transaction with an id holds the horizon back, whatever it writes.
      const open = t.store.db.transaction().execute(async (tx) => {
        await sql`select pg_current_xact_id()`.execute(tx);
        begun();
        await held;
      });
      await began;
      await f.problem(ent.id, { title: '重建时已提交的难题' });
      const engine = createEmbeddedEngine();
      await engine.init();
      const indexer = createIndexer({ db: t.store.db, engine, logger: silent });
      await indexer.rebuild();
      expect(await titles(engine, '重建时已提交的难题')).toEqual(['重建时已提交的难题']);
      expect((await indexer.status()).pending).toBe(0);
      release();
      await open;
      await indexer.stop();
    },
  );

  it('the shared reader is held by one process at a time and taken over after its lease expires', async () => {
    const name = `shared:test-${Date.now()}`;
    const first = await lease(t.store.db, name, 'process-a', 300);
    expect(first).toEqual(START);
    expect(await lease(t.store.db, name, 'process-b', 300)).toBeUndefined();
    const rows = await rowsAfter(t.store.db, START, 1);
    expect(await advanceLeased(t.store.db, name, 'process-a', rows[0]!)).toBe(true);
    // process-a stops renewing (a crash): after the lease runs out process-b reads on from a's position.
    await new Promise((r) => setTimeout(r, 400));
    expect(await lease(t.store.db, name, 'process-b', 300)).toEqual({ tx: rows[0]!.tx, id: rows[0]!.id });
    expect(await advanceLeased(t.store.db, name, 'process-a', START)).toBe(false);
    await t.store.db.deleteFrom('outboxConsumers').where('name', '=', name).execute();
  });

  it('pruning keeps rows a live reader has not passed', async () => {
    const engine = createEmbeddedEngine();
    await engine.init();
    const slowReader = createIndexer({ db: t.store.db, engine, logger: silent });
    await slowReader.drain();
    const f = fixtures(t);
    await f.enterprise();
    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from outbox`.execute(t.store.db)).rows[0]!.n);
    // A second reader far ahead, and every row old enough to go: only what the slow reader passed is pruned.
    const fast = createIndexer({ db: t.store.db, engine: createEmbeddedEngine(), logger: silent });
    await fast.drain();
    await f.enterprise();
    await sql`update outbox set created_at = now() - interval '2 hours'`.execute(t.store.db);
    const before = await count();
    await prune(t.store.db, { staleMs: 600_000, keepMs: 3_600_000 });
    const after = await count();
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
    expect(await countAfter(t.store.db, START)).toBe(after);
    await slowReader.drain();
    expect((await slowReader.status()).pending).toBe(0);
    await Promise.all([slowReader.stop(), fast.stop()]);
  });
});
