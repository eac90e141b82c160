/**
 * Index snapshots of the embedded engine on the real database: a restart loads the snapshot
 * instead of rebuilding and answers exactly as before; changes made while no process ran are read
 * from the outbox after loading; a corrupt or truncated snapshot, one of another definitions
 * version, and one whose outbox row is gone are rebuilt, each with a log line that says why; of
 * two processes sharing the snapshot path, an older snapshot never replaces a newer one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIEmbeddings } from '../../src/embeddings/openai.js';
import type { EmbeddingsProvider } from '../../src/embeddings/provider.js';
import type { Logger } from '../../src/logger.js';
import { loadDefinitions } from '../../src/search/definitions.js';
import { EmbeddedSearchEngine } from '../../src/search/embedded/engine.js';
import { createIndexer } from '../../src/search/indexer.js';
import type { IndexName, SearchQuery } from '../../src/search/port.js';
import { createSnapshotKeeper, SNAPSHOT_FILE } from '../../src/search/snapshots.js';
import { testApp, type TestApp } from '../support/app.js';
import { startEmbeddingsServer, type EmbeddingsServer } from '../support/embeddings-server.js';
import { fixtures } from '../support/fixtures.js';

let t: TestApp;
let server: EmbeddingsServer;
let embeddings: EmbeddingsProvider;
let dir: string;
let ids: { kept: string; changed: string; gone: string };

interface Line {
  level: string;
  msg: string;
}
function recorder(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: string) => (msg: string) => void lines.push({ level, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** One process: its own engine, indexer and snapshot keeper on the shared database and directory. */
function processOn(snapshotDir: string, engine = new EmbeddedSearchEngine()) {
  const logger = recorder();
  const snapshots = createSnapshotKeeper({
    db: t.store.db,
    engine,
    dir: snapshotDir,
    logger,
    embeddingsModel: 'pinned',
  });
  const indexer = createIndexer({ db: t.store.db, engine, embeddings, logger, snapshots });
  return {
    engine,
    indexer,
    snapshots,
    logger,
    /** Start as the server does: load the snapshot or rebuild, then read what changed since. */
    async start() {
      const reason = await indexer.reconcile();
      await indexer.drain();
      return reason;
    },
  };
}

/**
 * Holds the cluster-wide horizon back as another test file's open transaction does: a transaction
 * with an id on another database of the same server (PostgreSQL only). Answers how to let go.
 */
async function holdHorizon(): Promise<() => Promise<void>> {
  const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
  await other.query('BEGIN');
  await other.query('SELECT pg_current_xact_id()');
  return async () => {
    await other.query('ROLLBACK');
    await other.end();
  };
}

const QUERIES: [IndexName, SearchQuery][] = [
  ['problems', { q: '机器视觉 缺陷检测', limit: 20, offset: 0, highlight: true, facets: ['domains', 'stage'] }],
  ['problems', { q: '', limit: 20, offset: 0, sort: [{ field: 'budgetWan', direction: 'desc' }] }],
  ['labs', { q: '电池 热失控', limit: 20, offset: 0, matching: 'any', facets: ['domains'] }],
  [
    'labs',
    { q: 'PLC', limit: 20, offset: 0, vector: [1, 0, 2, 0, 1, 0, 3, 1, 0, 2, 1, 0, 0, 1, 2, 1], semanticRatio: 0.5 },
  ],
  [
    'problems',
    { q: 'AOI 检测', limit: 20, offset: 0, filters: [{ field: 'domains', op: 'in', values: ['new_energy'] }] },
  ],
];

async function answers(engine: EmbeddedSearchEngine) {
  return Promise.all(QUERIES.map(([index, q]) => engine.search(index, q)));
}

const titles = async (engine: EmbeddedSearchEngine, q: string) =>
  (await engine.search('problems', { q, limit: 50, offset: 0 })).hits.map((h) => String(h.document.title)).sort();

beforeAll(async () => {
  server = await startEmbeddingsServer(16);
  embeddings = createOpenAIEmbeddings({ baseURL: server.url, model: 'pinned', maxRetries: 0 });
  t = await testApp({ embeddings });
  dir = mkdtempSync(path.join(os.tmpdir(), 'cxy-snapshot-'));
  const f = fixtures(t);
  const uni = await f.university();
  const ent = await f.enterprise();
  await f.lab(uni.id, { name: '储能安全实验室', keywords: ['锂离子电池', '热失控'], domains: ['new_energy'] });
  await f.lab(uni.id);
  await f.lab(uni.id, { name: '工业控制实验室', keywords: ['PLC', '运动控制'] });
  const kept = await f.problem(ent.id, { title: '快照保留难题：注塑件缺陷检测', budgetWan: 80 });
  const changed = await f.problem(ent.id, { title: '快照修改前难题', domains: ['new_energy'], budgetWan: 30 });
  const gone = await f.problem(ent.id, { title: '快照待删难题：电池极片检测' });
  await f.problem(ent.id, { title: 'AOI 光学检测难题', domains: ['new_energy'] });
  ids = { kept: kept.id, changed: changed.id, gone: gone.id };
});
afterAll(async () => {
  await t.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Two processes share one snapshot path: a reads the first of two new problems, b both; b's snapshot is
 * written, a's (older) is not, and a third process starts from b's and finds both.
 */
async function twoProcessesShareAPath(dir: string, word: string) {
  const seed = processOn(dir);
  await seed.start();
  await seed.indexer.stop();
  const [a, b] = [processOn(dir), processOn(dir)];
  expect(await a.start()).toBeNull();
  expect(await b.start()).toBeNull();
  const f = fixtures(t);
  const ent = await f.enterprise();
  await f.problem(ent.id, { title: `${word}难题甲` });
  await a.indexer.drain();
  await f.problem(ent.id, { title: `${word}难题乙` });
  await b.indexer.drain();
  await b.indexer.saveSnapshot();
  expect(b.logger.lines.map((l) => l.msg)).toContain('search snapshot written');
  // a has read only the first row: its snapshot would be older than the one in place.
  await a.indexer.saveSnapshot();
  expect(a.logger.lines.map((l) => l.msg)).toContain('search snapshot not written: a newer one is in place');
  await a.indexer.drain();
  expect(await titles(a.engine, word)).toEqual([`${word}难题乙`, `${word}难题甲`]);
  await Promise.all([a.indexer.stop(), b.indexer.stop()]);
  const c = processOn(dir);
  expect(await c.start()).toBeNull();
  expect(await titles(c.engine, word)).toEqual([`${word}难题乙`, `${word}难题甲`]);
  expect((await c.indexer.status()).pending).toBe(0);
  await c.indexer.stop();
}

describe('index snapshots', () => {
  let before: Awaited<ReturnType<typeof answers>>;

  it('the first start builds from the database and stops with a snapshot; the next loads it and answers the same', async () => {
    const first = processOn(dir);
    expect(await first.start()).toMatch(/尚未从数据库建立/);
    expect(first.logger.lines.map((l) => l.msg)).toContain(
      'no search snapshot yet; building the index from the database',
    );
    // An update after the build lands in the delta segment and leaves a tombstone: both go into the snapshot.
    expect(
      (
        await t.call('PATCH', `/api/v1/problems/${ids.changed}`, {
          body: { budgetWan: 90 },
          headers: { 'if-match': '"v1"' },
        })
      ).status,
    ).toBe(200);
    await first.indexer.drain();
    before = await answers(first.engine);
    expect(before[0]!.hits.length).toBeGreaterThan(0);
    expect(before[3]!.hits.some((h) => h.semanticScore !== undefined)).toBe(true);
    await first.indexer.stop();
    expect(first.logger.lines.map((l) => l.msg)).toContain('search snapshot written');

    const second = processOn(dir);
    expect(await second.start()).toBeNull();
    expect(second.logger.lines.map((l) => l.msg)).toContain('search index loaded from snapshot');
    expect(await answers(second.engine)).toEqual(before);
    expect(await second.engine.health()).toEqual(await first.engine.health());
    await second.indexer.stop();
  });

  it('changes made while no process ran are read from the outbox after loading', async () => {
    const f = fixtures(t);
    const ent = await f.enterprise();
    await f.problem(ent.id, { title: '停机期间新增难题：焊缝识别' });
    expect(
      (
        await t.call('PATCH', `/api/v1/problems/${ids.kept}`, {
          body: { title: '停机期间改名难题' },
          headers: { 'if-match': '"v1"' },
        })
      ).status,
    ).toBe(200);
    expect((await t.call('DELETE', `/api/v1/problems/${ids.gone}`)).status).toBe(204);

    const p = processOn(dir);
    expect(await p.start()).toBeNull();
    expect(p.logger.lines.map((l) => l.msg)).toContain('search index loaded from snapshot');
    expect(await titles(p.engine, '停机期间')).toEqual(['停机期间改名难题', '停机期间新增难题：焊缝识别']);
    expect(await titles(p.engine, '快照')).toEqual(['快照修改前难题']);
    expect((await p.indexer.status()).pending).toBe(0);
    await p.indexer.stop();
  });

  it('a corrupt or truncated snapshot is rebuilt, and the log says so', async () => {
    const file = path.join(dir, SNAPSHOT_FILE);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 3)]! ^= 0xff;
    for (const bytes of [flipped, good.subarray(0, good.length - 100)]) {
      writeFileSync(file, bytes);
      const p = processOn(dir);
      expect(await p.start()).toMatch(/尚未从数据库建立/);
      const warned = p.logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg);
      expect(warned).toContain('search snapshot not used (corrupt); rebuilding the index from the database');
      expect(await titles(p.engine, '停机期间')).toEqual(['停机期间改名难题', '停机期间新增难题：焊缝识别']);
      await p.indexer.stop(); // writes a good snapshot again
    }
    expect(await processOn(dir).start()).toBeNull();
  });

  it('a snapshot of another definitions version is rebuilt, and the log says so', async () => {
    const defs = structuredClone(loadDefinitions());
    defs.stopWords.push('快照停用词');
    const p = processOn(dir, new EmbeddedSearchEngine(defs));
    expect(await p.start()).toMatch(/尚未从数据库建立/);
    expect(p.logger.lines.map((l) => l.msg)).toContain(
      'search snapshot not used (another definitions version); rebuilding the index from the database',
    );
    await p.indexer.stop();
  });

  it('a snapshot whose outbox row is gone (another database, or pruned past it) is rebuilt', async () => {
    const base = processOn(dir);
    await base.start();
    await base.indexer.stop();
    await sql`DELETE FROM outbox_consumers WHERE name LIKE 'snapshot:%'`.execute(t.store.db);
    const p = processOn(dir);
    expect(await p.start()).toMatch(/尚未从数据库建立/);
    expect(p.logger.lines.find((l) => l.msg.includes('not backed by this database'))?.level).toBe('warn');
    await p.indexer.stop();
  });

  it('processes sharing the path each load it and read on from their own position; an older snapshot never replaces a newer one', async () => {
    const shared = mkdtempSync(path.join(os.tmpdir(), 'cxy-snapshot-shared-'));
    try {
      await twoProcessesShareAPath(shared, '双进程快照');
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });
});

// PGlite runs one connection, so no other transaction can hold its horizon back.
describe.runIf(!!process.env.DATABASE_URL)(
  'index snapshots while another database’s open transaction holds the horizon back',
  () => {
    let release: () => Promise<void>;
    let held: string;
    let changed: string;
    beforeAll(async () => {
      held = mkdtempSync(path.join(os.tmpdir(), 'cxy-snapshot-held-'));
      release = await holdHorizon();
      // Written after the horizon: every row of these is applied ahead of the position, never passed by it.
      const f = fixtures(t);
      const uni = await f.university();
      const ent = await f.enterprise();
      await f.lab(uni.id, { name: '视觉检测实验室', keywords: ['机器视觉', '视觉检测', '缺陷检测'] });
      await f.lab(uni.id, { name: '电池安全实验室', keywords: ['电池', '热失控'], domains: ['new_energy'] });
      await f.problem(ent.id, { title: '横向难题：机器视觉缺陷检测', domains: ['new_energy'] });
      changed = (await f.problem(ent.id, { title: '横向修改前难题：AOI 检测', budgetWan: 20 })).id;
    });
    afterAll(async () => {
      await release();
      rmSync(held, { recursive: true, force: true });
    });

    it('a restart from the snapshot answers exactly as before: nothing it holds is applied twice', async () => {
      const dir = path.join(held, 'restart');
      const first = processOn(dir);
      expect(await first.start()).toMatch(/尚未从数据库建立/);
      const patched = await t.call('PATCH', `/api/v1/problems/${changed}`, {
        body: { budgetWan: 95 },
        headers: { 'if-match': '"v1"' },
      });
      expect(patched.status).toBe(200);
      await first.indexer.drain();
      const before = await answers(first.engine);
      expect(before[0]!.hits.length).toBeGreaterThan(0);
      expect(before[2]!.hits.length).toBeGreaterThan(0);
      await first.indexer.stop();
      expect(first.logger.lines.map((l) => l.msg)).toContain('search snapshot written');

      const second = processOn(dir);
      expect(await second.indexer.reconcile()).toBeNull();
      expect(second.logger.lines.map((l) => l.msg)).toContain('search index loaded from snapshot');
      // The snapshot holds the transactions it applied ahead of its position: none is read again.
      expect(await second.indexer.drain()).toBe(0);
      expect(await answers(second.engine)).toEqual(before);
      expect(await second.engine.health()).toEqual(await first.engine.health());
      expect((await second.indexer.status()).pending).toBe(0);
      await second.indexer.stop();
    });

    it('a process that applied more ahead writes its snapshot; one that applied less does not replace it', async () => {
      const dir = path.join(held, 'shared');
      await twoProcessesShareAPath(dir, '横向双进程');
    });
  },
);
