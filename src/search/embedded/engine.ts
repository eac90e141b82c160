/**
 * The in-process search engine behind the search port. Writes run one at a time in call order (like
 * Meilisearch's task queue); `replaceAll` builds a fresh index while searches keep using the old one,
 * then swaps it in. Searches run synchronously on the current index.
 */
import { definitionsVersion, loadDefinitions, type SearchDefinitions } from '../definitions.js';
import {
  INDEX_NAMES,
  SearchEngineError,
  type EngineHealth,
  type IndexName,
  type IndexPage,
  type SearchDocument,
  type SearchEngine,
  type SearchQuery,
  type SearchResult,
} from '../port.js';
import { Analyzer } from '../text/analyzer.js';
import { fold } from '../text/chars.js';
import { SynonymIndex } from '../text/synonyms.js';
import type { PlanContext } from './plan.js';
import { Scratch } from './scratch.js';
import { readStore, storeSections } from './snapshot.js';
import type { SnapshotReader, SnapshotSection } from '../snapshot-file.js';
import { executeSearch } from './search.js';
import { IndexStore } from './store.js';
import { TypoFinder } from './typos.js';

interface Slot {
  ctx: PlanContext;
  scratch: Scratch;
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Bump when the layout of a snapshot or the way documents are analyzed changes without the definitions changing. */
const SNAPSHOT_FORMAT = 1;
/** Text whose tokens fingerprint the analyzer, so a changed segmentation invalidates snapshots by itself. */
const PROBE = '锂离子电池热失控预警，机器视觉缺陷检测；5G通信模组、IC设计与PLC控制系统 Battery-Management';

export class EmbeddedSearchEngine implements SearchEngine {
  readonly kind = 'embedded' as const;
  private readonly analyzer: Analyzer;
  private readonly synonyms: SynonymIndex;
  private readonly stopWords: ReadonlySet<string>;
  private readonly slots = new Map<IndexName, Slot>();
  private writes: Promise<unknown> = Promise.resolve();
  /** Indexes filled by a replaceAll; until then the in-process index does not reflect the database. */
  private readonly built = new Set<IndexName>();
  private closed = false;

  constructor(private readonly defs: SearchDefinitions = loadDefinitions()) {
    const synonymTerms = defs.synonymGroups.flat();
    this.analyzer = new Analyzer([...defs.dictionary, ...synonymTerms]);
    this.synonyms = new SynonymIndex(defs.synonymGroups, this.analyzer);
    this.stopWords = new Set(defs.stopWords.map(fold));
    for (const name of INDEX_NAMES) this.slots.set(name, this.slot(new IndexStore(defs.indexes[name], this.analyzer)));
  }

  private slot(store: IndexStore): Slot {
    const ctx: PlanContext = {
      store,
      synonyms: this.synonyms,
      stopWords: this.stopWords,
      typos: new TypoFinder(store.terms),
    };
    return { ctx, scratch: new Scratch() };
  }

  private get(index: IndexName): Slot {
    if (this.closed) throw new SearchEngineError('unavailable', '搜索引擎已关闭');
    const slot = this.slots.get(index);
    if (!slot) throw new SearchEngineError('invalid_query', `未知的索引：${String(index)}`);
    return slot;
  }

  /** Queues a write after the previous ones; a failed write does not block the next. */
  private write<T>(op: () => T | Promise<T>): Promise<T> {
    const next = this.writes.then(op, op);
    this.writes = next.catch(() => undefined);
    return next;
  }

  async init(): Promise<void> {
    if (this.closed) throw new SearchEngineError('unavailable', '搜索引擎已关闭');
  }

  async upsert(
    index: IndexName,
    docs: readonly SearchDocument[],
    vectors?: ReadonlyMap<string, readonly number[]>,
  ): Promise<void> {
    this.get(index);
    return this.write(() => this.get(index).ctx.store.upsert(docs, vectors));
  }

  async remove(index: IndexName, ids: readonly string[]): Promise<void> {
    this.get(index);
    return this.write(() => this.get(index).ctx.store.remove(ids));
  }

  async replaceAll(index: IndexName, pages: AsyncIterable<IndexPage> | Iterable<IndexPage>): Promise<void> {
    this.get(index);
    return this.write(async () => {
      // Streamed: the pages go straight into the new store, which keeps only its own copy.
      const store = new IndexStore(this.defs.indexes[index], this.analyzer);
      await store.load(pages, pause);
      this.get(index);
      this.slots.set(index, this.slot(store));
      this.built.add(index);
    });
  }

  /**
   * What a snapshot of this engine must match to be loaded: the definitions, the snapshot format
   * and the analyzer's tokens for a probe text.
   */
  get version(): string {
    const tokens: string[] = [];
    this.analyzer.scan(PROBE, { word: (t) => tokens.push(t), bigram: (k) => tokens.push(String(k)) });
    return definitionsVersion(this.defs, `${SNAPSHOT_FORMAT}|${tokens.join(' ')}`);
  }

  /** Hands the snapshot sections of both indexes to `consume`, in the write queue: no write lands halfway. */
  snapshot<T>(consume: (sections: AsyncIterable<SnapshotSection>) => Promise<T>): Promise<T> {
    this.get('problems');
    const sections = async function* (this: EmbeddedSearchEngine) {
      for (const name of INDEX_NAMES) yield* storeSections(this.get(name).ctx.store, name, pause);
    }.call(this);
    return this.write(() => consume(sections));
  }

  /** Replaces both indexes with a snapshot's, swapped in only once the whole file has been read and its checksum holds. */
  restore(reader: SnapshotReader<unknown>): Promise<void> {
    this.get('problems');
    return this.write(async () => {
      const stores: [IndexName, IndexStore][] = [];
      for (const name of INDEX_NAMES)
        stores.push([name, await readStore(reader, name, this.defs.indexes[name], this.analyzer, pause)]);
      await reader.finish();
      for (const [name, store] of stores) {
        this.slots.set(name, this.slot(store));
        this.built.add(name);
      }
    });
  }

  rebuildReason(): string | null {
    const missing = INDEX_NAMES.filter((name) => !this.built.has(name));
    return missing.length ? `进程内索引尚未从数据库建立（${missing.join('、')}）` : null;
  }

  async search(index: IndexName, query: SearchQuery): Promise<SearchResult> {
    const { ctx, scratch } = this.get(index);
    return executeSearch(ctx, scratch, query);
  }

  async health(): Promise<EngineHealth> {
    if (this.closed) return { ok: false, engine: 'embedded', detail: '搜索引擎已关闭' };
    const documents: Partial<Record<IndexName, number>> = {};
    for (const [name, slot] of this.slots) documents[name] = slot.ctx.store.liveCount;
    return { ok: true, engine: 'embedded', documents };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.writes;
  }
}
