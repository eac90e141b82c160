/**
 * The Meilisearch implementation of the search port: indexes and settings from search/, documents
 * added by primary key with every task awaited, searches built from structured values only, and
 * reindexing into a temporary index swapped in atomically.
 */
import { Meilisearch, type IndexSwap, type SearchResponse } from 'meilisearch';
import { loadDefinitions } from '../definitions.js';
import {
  INDEX_NAMES,
  type EngineHealth,
  type IndexName,
  type SearchDocument,
  type SearchEngine,
  type SearchQuery,
  type SearchResult,
} from '../port.js';
import { BATCH_SIZE, chunks, toMeiliDocuments, type MeiliDocument } from './documents.js';
import { finishTask, runTask, taskError, toEngineError, type Operation } from './errors.js';
import { emptyResult, toSearchResult } from './hits.js';
import { anyRotations, buildSearch, federate } from './query.js';
import { meiliSettings } from './settings.js';

export interface MeiliEngineOptions {
  url: string;
  apiKey?: string;
  /** Prepended to the index uids ('problems', 'labs'): lets several deployments or test runs share a server. */
  indexPrefix?: string;
  /** Dimensions of the embeddings; absent means embeddings are off (no embedder, keyword search only). */
  embedderDimensions?: number;
  /** Timeout of each HTTP request, ms. */
  requestTimeoutMs?: number;
  /** How long to wait for an ordinary task (settings, a batch of documents), ms. */
  taskTimeoutMs?: number;
  /** How long to wait for each task of a full reindex, ms. */
  reindexTaskTimeoutMs?: number;
}

export function createMeiliEngine(options: MeiliEngineOptions): SearchEngine {
  const client = new Meilisearch({ host: options.url, apiKey: options.apiKey, timeout: options.requestTimeoutMs ?? 15_000 });
  const defs = loadDefinitions();
  const prefix = options.indexPrefix ?? '';
  const dims = options.embedderDimensions;
  const taskTimeout = options.taskTimeoutMs ?? 120_000;
  const reindexTimeout = options.reindexTaskTimeoutMs ?? 30 * 60_000;
  const uid = (name: IndexName) => `${prefix}${name}`;

  /** Set until init succeeds, and again after the server was unreachable (it may have lost its data). */
  let stale = true;
  let initializing: Promise<void> | undefined;

  async function ensureIndex(indexUid: string): Promise<void> {
    const task = await finishTask(() => client.createIndex(indexUid, { primaryKey: 'id' }), taskTimeout);
    if (task.status !== 'succeeded' && task.error?.code !== 'index_already_exists') throw taskError(task)!;
  }

  async function applySettings(indexUid: string, name: IndexName): Promise<void> {
    const settings = meiliSettings(defs.indexes[name], defs, { embedderDimensions: dims });
    await runTask(() => client.index(indexUid).updateSettings(settings), taskTimeout);
  }

  async function init(): Promise<void> {
    initializing ??= (async () => {
      for (const name of INDEX_NAMES) {
        await ensureIndex(uid(name));
        await applySettings(uid(name), name);
      }
      stale = false;
    })().finally(() => {
      initializing = undefined;
    });
    return initializing;
  }

  /** Runs an operation after (re)initialising if needed; maps errors and remembers unavailability. */
  async function guarded<T>(operation: Operation, run: () => Promise<T>): Promise<T> {
    try {
      if (stale) await init();
      return await run();
    } catch (error) {
      const mapped = toEngineError(error, operation);
      if (mapped.kind === 'unavailable') stale = true;
      throw mapped;
    }
  }

  /** Enqueues every batch in order, then waits for each task; the first failed task is thrown. */
  async function addAll(indexUid: string, payload: readonly MeiliDocument[], timeout: number): Promise<void> {
    const index = client.index(indexUid);
    const enqueued = [];
    for (const batch of chunks(payload, BATCH_SIZE)) enqueued.push(await index.addDocuments(batch, { primaryKey: 'id' }));
    for (const task of enqueued) {
      const failed = taskError(await client.tasks.waitForTask(task.taskUid, { timeout }));
      if (failed) throw failed;
    }
  }

  async function dropQuietly(indexUid: string): Promise<void> {
    await finishTask(() => client.deleteIndex(indexUid), taskTimeout).catch(() => undefined);
  }

  /** Temporary indexes left by an interrupted reindex of this index. */
  async function dropLeftovers(liveUid: string): Promise<void> {
    const { results } = await client.getRawIndexes({ limit: 1000 });
    for (const { uid: found } of results) if (found.startsWith(`${liveUid}_next_`)) await dropQuietly(found);
  }

  return {
    kind: 'meilisearch',

    async init() {
      try {
        await init();
      } catch (error) {
        stale = true;
        throw toEngineError(error, 'write');
      }
    },

    async upsert(index, docs, vectors) {
      if (!docs.length) return;
      const payload = toMeiliDocuments(docs, vectors, dims);
      await guarded('write', () => addAll(uid(index), payload, taskTimeout));
    },

    async remove(index, ids) {
      if (!ids.length) return;
      await guarded('write', () => runTask(() => client.index(uid(index)).deleteDocuments([...ids]), taskTimeout));
    },

    async replaceAll(index: IndexName, docs: readonly SearchDocument[], vectors?: ReadonlyMap<string, readonly number[]>) {
      const payload = toMeiliDocuments(docs, vectors, dims);
      const live = uid(index);
      const next = `${live}_next_${Date.now()}`;
      await guarded('write', async () => {
        await dropLeftovers(live);
        try {
          await ensureIndex(next);
          await applySettings(next, index);
          await addAll(next, payload, reindexTimeout);
          await ensureIndex(live);
          // Readers see the old index until the swap task runs, then the new one: never a partial index.
          // `rename` is left out (the server's default, false): servers before 1.18 reject the field.
          await runTask(() => client.swapIndexes([{ indexes: [live, next] } as IndexSwap]), taskTimeout);
        } finally {
          // After the swap `next` holds the old documents; before it, a half-built index. Either way it goes.
          await dropQuietly(next);
        }
      });
    },

    async search(index: IndexName, query: SearchQuery): Promise<SearchResult> {
      const def = defs.indexes[index];
      const { params, matchesNothing } = buildSearch(query, def, { embeddings: dims !== undefined });
      if (matchesNothing) return emptyResult(query);
      const { q, ...rest } = params;
      const text = q ?? '';
      return guarded('read', async () => {
        const rotations = query.matching === 'any' ? anyRotations(text) : [];
        const response = rotations.length
          ? await client.multiSearch(federate(params, query, uid(index), rotations))
          : ((await client.index(uid(index)).search(text, rest)) as SearchResponse);
        return toSearchResult(response, query, {
          highlightFields: rest.attributesToHighlight ? def.highlightAttributes : undefined,
          queryVector: rest.vector ? query.vector : undefined,
        });
      });
    },

    async health(): Promise<EngineHealth> {
      try {
        const { status } = await client.health();
        const documents: Partial<Record<IndexName, number>> = {};
        let missing: IndexName[] = [];
        try {
          const stats = await client.getStats();
          for (const name of INDEX_NAMES) {
            const count = stats.indexes[uid(name)]?.numberOfDocuments;
            if (count === undefined) missing.push(name);
            else documents[name] = count;
          }
        } catch {
          missing = []; // a key without stats.get: reachable is all we can tell
        }
        if (missing.length) stale = true;
        const ok = status === 'available' && missing.length === 0;
        return { ok, engine: 'meilisearch', documents, ...(missing.length ? { detail: `索引不存在：${missing.map(uid).join(', ')}` } : {}) };
      } catch (error) {
        stale = true;
        return { ok: false, engine: 'meilisearch', detail: toEngineError(error, 'read').message };
      }
    },

    async close() {
      // The client holds no connections of its own (fetch); nothing to release.
    },
  };
}
