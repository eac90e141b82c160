/**
 * The indexer: follows the outbox into the search engine. The index is derived — PostgreSQL is
 * the record — so the indexer reads each touched record's current state, upserts or removes it,
 * and only then moves its position past those rows (see outbox-reader.ts for who reads from where).
 * A failure leaves the position and backs off; a killed indexer simply redoes its last batch
 * (upserts by id are idempotent), so nothing is lost or doubled.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.js';
import { cachedEmbeddings } from '../embeddings/cache.js';
import type { EmbeddingsProvider } from '../embeddings/provider.js';
import type { Logger } from '../logger.js';
import { allDocuments, documentsFor, embeddingText } from './documents.js';
import {
  advanceLeased,
  committedAhead,
  countAfter,
  dropConsumer,
  horizon,
  lease,
  type OutboxRow,
  type Position,
  prune as pruneOutbox,
  releaseLease,
  resetShared,
  rowsAfter,
  saveConsumer,
  sharedPosition,
  START,
} from './outbox-reader.js';
import { INDEX_NAMES, type IndexName, type IndexPage, type SearchDocument, type SearchEngine } from './port.js';
import { type IndexState, sameState, type SnapshotKeeper } from './snapshots.js';

export interface IndexerOptions {
  db: Kysely<Database>;
  engine: SearchEngine;
  embeddings?: EmbeddingsProvider;
  logger: Logger;
  batchSize?: number;
  idleMs?: number;
  maxBackoffMs?: number;
  /** How long the shared engine's reader stays this process's without renewal. */
  leaseMs?: number;
  /** Snapshots of the embedded index: loaded at start instead of a rebuild, written periodically and at stop. */
  snapshots?: SnapshotKeeper;
  /** How often a snapshot is written while the index changes (default 10 minutes). */
  snapshotEveryMs?: number;
}

export interface IndexerStatus {
  running: boolean;
  pending: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
  /** Set while the embeddings endpoint fails: documents are indexed without vectors meanwhile. */
  embeddingsError: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Transactions remembered as applied ahead of the position, at most. */
const AHEAD_MAX = 1_000;

export function createIndexer(opts: IndexerOptions) {
  const { db, engine, embeddings, logger } = opts;
  const batchSize = opts.batchSize ?? 200;
  const idleMs = opts.idleMs ?? 250;
  const maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  const leaseMs = opts.leaseMs ?? 30_000;
  const heartbeatMs = 10_000;
  const { snapshots } = opts;
  const snapshotEveryMs = opts.snapshotEveryMs ?? 600_000;
  /** What the snapshot in place reflects (undefined: none, or the index was rebuilt since). */
  let snapshotAt: IndexState | undefined;
  /** When the loop next writes a snapshot (if the index moved). */
  let nextSnapshotAt = Date.now() + snapshotEveryMs;
  let snapshotTried = false;
  // The in-process engine is this process's own: it reads every change. A shared engine has one reader at a time.
  const shared = engine.kind !== 'embedded';
  const holder = randomUUID();
  const consumer = shared ? `shared:${engine.kind}` : `embedded:${holder}`;
  let position: Position = START;
  let savedAt = 0;
  const state = {
    running: false,
    lastError: null as string | null,
    lastErrorAt: null as string | null,
    lastSuccessAt: null as string | null,
    embeddingsError: null as string | null,
  };
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function vectorsFor(
    index: IndexName,
    docs: readonly SearchDocument[],
  ): Promise<Map<string, number[]> | undefined> {
    if (!embeddings || !docs.length) return undefined;
    try {
      const vectors = await cachedEmbeddings(
        db,
        embeddings,
        docs.map((d) => embeddingText(index, d)),
      );
      state.embeddingsError = null;
      return new Map(docs.map((d, i) => [d.id, vectors[i]!]));
    } catch (err) {
      state.embeddingsError = err instanceof Error ? err.message : String(err);
      logger.warn('embeddings unavailable; indexing text only', { error: state.embeddingsError });
      return undefined;
    }
  }

  /**
   * Which documents an outbox row touches: a university's name and city live in its labs' documents, an
   * enterprise's industry in its problems', an introduction in its problem's readers.
   */
  async function touched(rows: { entity: string; entityId: string }[]): Promise<Record<IndexName, Set<string>>> {
    const out: Record<IndexName, Set<string>> = { problems: new Set(), labs: new Set() };
    for (const r of rows) {
      if (r.entity === 'problem') out.problems.add(r.entityId);
      else if (r.entity === 'lab') out.labs.add(r.entityId);
      else if (r.entity === 'university') {
        for (const l of await db.selectFrom('labs').select('id').where('universityId', '=', r.entityId).execute())
          out.labs.add(l.id);
      } else if (r.entity === 'introduction') {
        const n = await db
          .selectFrom('introductions')
          .select('problemId')
          .where('id', '=', r.entityId)
          .executeTakeFirst();
        if (n) out.problems.add(n.problemId);
      } else if (r.entity === 'enterprise') {
        for (const p of await db.selectFrom('problems').select('id').where('enterpriseId', '=', r.entityId).execute())
          out.problems.add(p.id);
      }
    }
    return out;
  }

  /** Where this indexer reads from: its own position (embedded engine) or the shared reader's, under the lease. */
  async function readFrom(): Promise<Position | undefined> {
    if (!shared) return position;
    if (!consumerRowMade) await ensureSharedRow();
    return lease(db, consumer, holder, leaseMs);
  }

  let consumerRowMade = false;
  async function ensureSharedRow() {
    await db
      .insertInto('outboxConsumers')
      .values({ name: consumer })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    consumerRowMade = true;
  }

  async function heartbeat(force: boolean) {
    if (shared || (!force && Date.now() - savedAt < heartbeatMs)) return;
    savedAt = Date.now();
    await saveConsumer(db, consumer, position);
  }

  /**
   * Transactions whose rows were applied ahead of the position: committed while an older transaction
   * still ran (see `committedAhead`). Forgotten once the position passes them; while AHEAD_MAX are
   * remembered, later ones wait for the older transaction as every row did before.
   */
  const ahead = new Set<string>();
  const forgetPassed = (from: Position) => {
    for (const tx of ahead) if (BigInt(tx) < BigInt(from.tx)) ahead.delete(tx);
  };

  /** One batch: returns how many outbox rows it completed. Throws when the engine fails. */
  async function drainOnce(): Promise<number> {
    const from = await readFrom();
    if (!from) return 0; // another process holds the shared engine's reader
    forgetPassed(from);
    const rows = await rowsAfter(db, from, batchSize);
    if (!rows.length) {
      const n = await applyAhead(from);
      if (!n) await heartbeat(false);
      return n;
    }
    // Rows applied ahead are passed without being applied again: what they touched was read after they committed.
    await apply(rows.filter((r) => !ahead.has(r.tx)));
    const last = rows.at(-1)!;
    const to = { tx: last.tx, id: last.id };
    if (shared) {
      // Lost only when this process stalled past the lease: the new holder repeats the batch (upserts by id are idempotent).
      if (!(await advanceLeased(db, consumer, holder, to)))
        logger.warn('indexer: lease on the shared engine lost mid-batch', { consumer });
    } else {
      position = to;
      await heartbeat(true);
    }
    state.lastSuccessAt = new Date().toISOString();
    state.lastError = null;
    return rows.length;
  }

  /** Applies the whole transactions committed beyond the horizon not yet applied; answers how many rows. */
  async function applyAhead(from: Position): Promise<number> {
    if (ahead.size >= AHEAD_MAX) return 0;
    const rows = await committedAhead(db, from, [...ahead], batchSize);
    // A full batch may end inside a transaction: that one is read whole next time (or, when it alone
    // fills a batch, reached by the position).
    const cut = rows.length === batchSize ? rows.at(-1)!.tx : undefined;
    const whole = rows.filter((r) => r.tx !== cut);
    if (!whole.length) return 0;
    await apply(whole);
    for (const r of whole) ahead.add(r.tx);
    state.lastSuccessAt = new Date().toISOString();
    state.lastError = null;
    return whole.length;
  }

  /** Puts the current state of what the rows touched into the engine. Throws when the engine fails. */
  async function apply(rows: OutboxRow[]): Promise<void> {
    if (!rows.length) return;
    try {
      const ids = await touched(rows);
      for (const index of INDEX_NAMES) {
        const wanted = [...ids[index]];
        if (!wanted.length) continue;
        const docs = await documentsFor(index)(db, wanted);
        const live = new Set(docs.map((d) => d.id));
        if (docs.length) await engine.upsert(index, docs, await vectorsFor(index, docs));
        const gone = wanted.filter((id) => !live.has(id));
        if (gone.length) await engine.remove(index, gone);
      }
    } catch (err) {
      state.lastError = err instanceof Error ? err.message : String(err);
      state.lastErrorAt = new Date().toISOString();
      throw err;
    }
  }

  /** Drains until every row committed so far is in (tests and reindex use this), waiting at most `waitMs` for older transactions. */
  async function drain(waitMs = 5_000): Promise<number> {
    let total = 0;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const n = await drainOnce();
      total += n;
      if (n > 0) continue;
      // Rows already committed can wait behind a transaction still running anywhere on the server
      // (see outbox-reader.ts): "drained" means every change committed before this call is in.
      const pending = await countAfter(db, shared ? await sharedPosition(db, consumer) : position, [...ahead]);
      if (pending === 0 || Date.now() > deadline) return total;
      await sleep(20);
    }
  }

  /** The pages of one index read from the database, with their vectors: streamed into the engine. */
  async function* pagesOf(
    index: IndexName,
    onProgress?: (index: IndexName, done: number) => void,
  ): AsyncGenerator<IndexPage> {
    let done = 0;
    for await (const docs of allDocuments(db, index)) {
      const vectors = await vectorsFor(index, docs);
      yield { docs, ...(vectors ? { vectors } : {}) };
      onProgress?.(index, (done += docs.length));
    }
  }

  /** Rebuilds every index from the database and settles the outbox rows it covered. */
  async function rebuild(onProgress?: (index: IndexName, done: number) => void): Promise<Record<IndexName, number>> {
    const from = await horizon(db);
    ahead.clear();
    // Rows already committed beyond the horizon (an unrelated transaction still open holds it back) are
    // in the tables the rebuild is about to read: they count as applied ahead.
    for (const r of await committedAhead(db, from, [], AHEAD_MAX)) ahead.add(r.tx);
    const counts = { problems: 0, labs: 0 };
    for (const index of INDEX_NAMES) {
      await engine.replaceAll(
        index,
        pagesOf(index, (i, done) => ((counts[i] = done), onProgress?.(i, done))),
      );
    }
    // Every transaction below `from` had finished before the tables were read, so the new index holds
    // their changes; rows from `from` on may not be in it yet and are read (again) from there.
    if (shared) await resetShared(db, consumer, from);
    else {
      position = from;
      await heartbeat(true);
      // A fresh build is worth a snapshot at the next idle moment.
      snapshotAt = undefined;
      nextSnapshotAt = 0;
    }
    return counts;
  }

  /**
   * Rebuilds when the index does not reflect the database: the engine says why (in-process index at
   * start, new or wiped Meilisearch, changed settings), or an index is empty while the database has
   * records. Answers the reason, or null when nothing had to be done.
   */
  let reconciling: Promise<string | null> | undefined;
  function reconcile(): Promise<string | null> {
    reconciling ??= reconcileOnce().finally(() => (reconciling = undefined));
    return reconciling;
  }

  /** At start: the snapshot instead of a rebuild, when there is a usable one. Answers whether it was loaded. */
  async function loadSnapshot(): Promise<boolean> {
    if (!snapshots || snapshotTried) return false;
    snapshotTried = true;
    const loaded = await snapshots.load();
    if (!loaded) return false;
    // This reader's own row keeps the outbox from here on; the snapshot's row kept it until now.
    position = loaded.position;
    // The transactions the snapshot holds beyond its position are passed, not applied again.
    ahead.clear();
    for (const tx of loaded.ahead) ahead.add(tx);
    await heartbeat(true);
    if (!(await snapshots.held(loaded.id))) {
      logger.warn('search snapshot replaced while loading; rebuilding the index from the database');
      return false;
    }
    snapshotAt = { position: loaded.position, ahead: loaded.ahead };
    return true;
  }

  /** Writes a snapshot when the index moved since the last one; otherwise tells pruning the one in place is still wanted. */
  async function saveSnapshot(): Promise<void> {
    if (!snapshots || shared || engine.rebuildReason()) return;
    nextSnapshotAt = Date.now() + snapshotEveryMs;
    try {
      // Applied ahead counts as moved: the position stays while an older transaction holds the horizon back.
      const at: IndexState = { position, ahead: [...ahead] };
      if (snapshotAt && sameState(snapshotAt, at)) return await snapshots.touch();
      if (await snapshots.save(at)) snapshotAt = at;
    } catch (err) {
      logger.warn('search snapshot could not be written', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  async function reconcileOnce(): Promise<string | null> {
    let reason = engine.rebuildReason();
    if (reason && (await loadSnapshot())) return null;
    if (!reason) {
      const { documents } = await engine.health();
      for (const index of INDEX_NAMES) {
        if (documents?.[index] !== 0) continue;
        const table = index === 'problems' ? 'problems' : 'labs';
        const any = await db.selectFrom(table).select('id').where('deletedAt', 'is', null).limit(1).executeTakeFirst();
        if (any) reason = `搜索索引 ${index} 为空，而数据库中有记录`;
      }
    }
    if (!reason) return null;
    logger.warn('search index does not reflect the database; rebuilding', { reason });
    const started = performance.now();
    const counts = await rebuild();
    logger.info('search index rebuilt', { ...counts, ms: Math.round(performance.now() - started) });
    return reason;
  }

  /** Drops rows every live reader has passed (kept an hour for inspection). */
  const prune = () => pruneOutbox(db, { staleMs: 10 * 60_000, keepMs: 3_600_000 });

  async function run() {
    let backoff = 500;
    let prunedAt = 0;
    let reconciled = false;
    while (state.running) {
      try {
        // Once at start (a new or wiped server), then whenever the engine finds it must rebuild.
        if (!reconciled || engine.rebuildReason()) await reconcile();
        reconciled = true;
        const n = await drainOnce();
        backoff = 500;
        if (n === 0 && snapshots && Date.now() >= nextSnapshotAt) await saveSnapshot();
        if (n === 0 && Date.now() - prunedAt > 300_000) {
          prunedAt = Date.now();
          await prune();
        }
        if (n === 0) await new Promise<void>((r) => ((wake = r), setTimeout(r, idleMs)));
      } catch (err) {
        state.lastError = err instanceof Error ? err.message : String(err);
        state.lastErrorAt = new Date().toISOString();
        logger.warn('indexer: engine write failed, will retry', { error: state.lastError, retryInMs: backoff });
        await sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  }

  return {
    drainOnce,
    drain,
    rebuild,
    reconcile,
    prune,
    /** Writes a snapshot now (when snapshots are configured and the index moved since the last). */
    saveSnapshot,
    start() {
      if (state.running) return;
      state.running = true;
      loop = run();
    },
    /** Nudges an idle indexer to look at the outbox now. */
    poke() {
      wake?.();
    },
    /** Stops after the batch in flight and lets go of this reader: pruning stops waiting for it, or another process takes the lease. */
    async stop() {
      state.running = false;
      wake?.();
      await loop;
      // Graceful shutdown: the next start loads the index as it is now.
      await saveSnapshot();
      await (shared ? releaseLease(db, consumer, holder) : dropConsumer(db, consumer)).catch(() => undefined);
    },
    /** The last embeddings failure, if the endpoint is failing now (in memory: no query). */
    embeddingsError: () => state.embeddingsError,
    async status(): Promise<IndexerStatus> {
      const pending = await countAfter(db, shared ? await sharedPosition(db, consumer) : position, [...ahead]);
      return { ...state, pending };
    },
  };
}

export type Indexer = ReturnType<typeof createIndexer>;
