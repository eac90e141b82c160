/**
 * The Meilisearch implementation of the search port: a server of a known version, keys scoped to
 * our indexes, indexes and settings from search/, documents uploaded in payload-bounded batches with
 * every task awaited, searches built from structured values only, and every full reindex — and any
 * change of settings — done in a new index swapped in atomically.
 */
import { Meilisearch, MeilisearchApiError, type IndexSwap, type SearchResponse } from 'meilisearch';
import { loadDefinitions } from '../definitions.js';
import {
  INDEX_NAMES,
  type EngineHealth,
  type IndexName,
  type IndexPage,
  type SearchEngine,
  type SearchQuery,
  type SearchResult,
} from '../port.js';
import { checkVersion, scopedKey } from './access.js';
import { payloadBatches, toMeiliDocuments } from './documents.js';
import { finishTask, runTask, taskError, toEngineError, type Operation } from './errors.js';
import { emptyResult, toSearchResult } from './hits.js';
import { anyRotations, buildSearch, federate } from './query.js';
import { changedSettings, meiliSettings } from './settings.js';
import { subtermIndex } from './subterms.js';

export interface MeiliEngineOptions {
  url: string;
  /** The master key: used only to create the scoped search and admin keys. Absent for a server without keys. */
  masterKey?: string;
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
  /** Told about a usable but not recommended server version. */
  warn?: (message: string) => void;
}

/** Document upload tasks enqueued before the oldest is awaited: bounds memory on the server's queue. */
const TASKS_IN_FLIGHT = 4;

export function createMeiliEngine(options: MeiliEngineOptions): SearchEngine {
  const timeout = options.requestTimeoutMs ?? 15_000;
  const master = new Meilisearch({ host: options.url, apiKey: options.masterKey, timeout });
  // Until init has the scoped keys, both clients use the master key (or none).
  let admin = master;
  let searcher = master;
  const defs = loadDefinitions();
  const subterms = subtermIndex(defs);
  const prefix = options.indexPrefix ?? '';
  const dims = options.embedderDimensions;
  const taskTimeout = options.taskTimeoutMs ?? 120_000;
  const reindexTimeout = options.reindexTaskTimeoutMs ?? 30 * 60_000;
  const uid = (name: IndexName) => `${prefix}${name}`;
  const settingsOf = (name: IndexName) => meiliSettings(defs.indexes[name], defs, { embedderDimensions: dims });

  /** Set until init succeeds, and again after the server was unreachable (it may have lost its data). */
  let stale = true;
  let initializing: Promise<void> | undefined;
  let checked = false;
  /** Why the live indexes do not reflect the database; cleared by a full reindex of both. */
  const rebuild = new Map<IndexName, string>();

  async function connect(): Promise<void> {
    if (checked) return;
    checkVersion((await master.getVersion()).pkgVersion, options.warn ?? (() => undefined));
    if (options.masterKey) {
      const [adminKey, searchKey] = [
        await scopedKey(master, prefix, 'admin'),
        await scopedKey(master, prefix, 'search'),
      ];
      admin = new Meilisearch({ host: options.url, apiKey: adminKey, timeout });
      searcher = new Meilisearch({ host: options.url, apiKey: searchKey, timeout });
    }
    checked = true;
  }

  /** Creates the index if missing; answers whether it had to. */
  async function ensureIndex(indexUid: string): Promise<boolean> {
    const task = await finishTask(() => admin.createIndex(indexUid, { primaryKey: 'id' }), taskTimeout);
    if (task.status === 'succeeded') return true;
    if (task.error?.code !== 'index_already_exists') throw taskError(task)!;
    return false;
  }

  async function applySettings(indexUid: string, name: IndexName): Promise<void> {
    await runTask(() => admin.index(indexUid).updateSettings(settingsOf(name)), taskTimeout);
  }

  async function currentSettings(indexUid: string): Promise<Record<string, unknown>> {
    return (await admin.index(indexUid).getSettings()) as Record<string, unknown>;
  }

  /**
   * A new index gets our settings at once (it is empty: cheap). An existing index whose settings
   * differ keeps them: re-indexing every document in place can outlast any timeout and leaves
   * searches on a half-converted index; the rebuild applies them through a new index and a swap.
   */
  async function init(): Promise<void> {
    initializing ??= (async () => {
      await connect();
      for (const name of INDEX_NAMES) {
        if (await ensureIndex(uid(name))) {
          await applySettings(uid(name), name);
          rebuild.set(name, `Meilisearch 索引 ${uid(name)} 为新建（或服务器数据已清空）`);
          continue;
        }
        const changed = changedSettings(settingsOf(name), await currentSettings(uid(name)));
        if (changed.length)
          rebuild.set(name, `Meilisearch 索引 ${uid(name)} 的设置已变更（${changed.join('、')}），经新索引重建后交换`);
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

  /** Uploads documents in payload-bounded batches, a few tasks in flight; the first failed task is thrown. */
  async function upload(
    indexUid: string,
    pages: AsyncIterable<IndexPage> | Iterable<IndexPage>,
    name: IndexName,
    wait: number,
  ) {
    const index = admin.index(indexUid);
    const inFlight: number[] = [];
    const settle = async (taskUid: number) => {
      const failed = taskError(await admin.tasks.waitForTask(taskUid, { timeout: wait }));
      if (failed) throw failed;
    };
    const searchableAttributes = defs.indexes[name].searchableAttributes;
    for await (const page of pages) {
      const payload = toMeiliDocuments(page.docs, page.vectors, {
        embedderDimensions: dims,
        searchableAttributes,
        subterms,
      });
      for (const batch of payloadBatches(payload)) {
        inFlight.push((await index.addDocumentsFromString(batch, 'application/json', { primaryKey: 'id' })).taskUid);
        if (inFlight.length >= TASKS_IN_FLIGHT) await settle(inFlight.shift()!);
      }
    }
    for (const taskUid of inFlight) await settle(taskUid);
  }

  async function dropQuietly(indexUid: string): Promise<void> {
    await finishTask(() => admin.deleteIndex(indexUid), taskTimeout).catch(() => undefined);
  }

  /** Temporary indexes left by an interrupted reindex of this index. */
  async function dropLeftovers(liveUid: string): Promise<void> {
    const { results } = await admin.getRawIndexes({ limit: 1000 });
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

    rebuildReason() {
      return rebuild.size ? [...rebuild.values()].join('；') : null;
    },

    async upsert(index, docs, vectors) {
      if (!docs.length) return;
      await guarded('write', () => upload(uid(index), [{ docs, ...(vectors ? { vectors } : {}) }], index, taskTimeout));
    },

    async remove(index, ids) {
      if (!ids.length) return;
      await guarded('write', () => runTask(() => admin.index(uid(index)).deleteDocuments([...ids]), taskTimeout));
    },

    async replaceAll(index, pages) {
      const live = uid(index);
      const next = `${live}_next_${Date.now()}`;
      await guarded('write', async () => {
        await dropLeftovers(live);
        try {
          await ensureIndex(next);
          await applySettings(next, index);
          await upload(next, pages, index, reindexTimeout);
          await ensureIndex(live);
          // Readers see the old index until the swap task runs, then the new one: never a partial index.
          // `rename` is left out (the server's default, false): servers before 1.18 reject the field.
          await runTask(() => admin.swapIndexes([{ indexes: [live, next] } as IndexSwap]), taskTimeout);
          rebuild.delete(index);
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
          ? await searcher.multiSearch(federate(params, query, uid(index), rotations))
          : ((await searcher.index(uid(index)).search(text, rest)) as SearchResponse);
        return toSearchResult(response, query, {
          highlightFields: rest.attributesToHighlight ? def.highlightAttributes : undefined,
          queryVector: rest.vector ? query.vector : undefined,
        });
      });
    },

    async health(): Promise<EngineHealth> {
      try {
        const { status } = await master.health();
        const documents: Partial<Record<IndexName, number>> = {};
        let missing: IndexName[] = [];
        try {
          const stats = await admin.getStats();
          for (const name of INDEX_NAMES) {
            const count = stats.indexes[uid(name)]?.numberOfDocuments;
            if (count === undefined) missing.push(name);
            else documents[name] = count;
          }
        } catch (error) {
          if (!(error instanceof MeilisearchApiError)) throw error;
          missing = []; // a key without stats.get: reachable is all we can tell
        }
        if (missing.length) stale = true;
        const ok = status === 'available' && missing.length === 0;
        return {
          ok,
          engine: 'meilisearch',
          documents,
          ...(missing.length ? { detail: `索引不存在：${missing.map(uid).join(', ')}` } : {}),
        };
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
