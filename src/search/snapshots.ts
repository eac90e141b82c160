/**
 * Snapshots of the embedded index, so a start loads the index instead of rebuilding it from every
 * row. A snapshot records the outbox position it reflects and the transactions beyond it that it already
 * holds (applied ahead while an older transaction held the horizon back, see outbox-reader.ts); at start
 * the indexer loads it and replays the outbox from there, skipping those (each process from its own position). It is rebuilt from the database only
 * when the snapshot is missing, unreadable or corrupt (checksum), of another definitions version or
 * embeddings model, or no longer backed by the outbox — and the log says which.
 *
 * Each snapshot file holds a row `snapshot:<id>` in outbox_consumers at its position, so pruning
 * keeps the outbox rows a start will replay (and a snapshot of another database is never loaded:
 * its row is not there). Several processes may share one path: each writes to a temporary file and
 * renames it over the old one under an advisory lock, unless the one there is strictly newer (holds
 * everything this one does and more).
 */
import { randomUUID } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/tables.js';
import type { Logger } from '../logger.js';
import type { EmbeddedSearchEngine } from './embedded/engine.js';
import { dropConsumer, type Position, saveConsumer } from './outbox-reader.js';
import type { IndexName } from './port.js';
import { CorruptSnapshotError, openSnapshotFile, writeSnapshotFile } from './snapshot-file.js';

export const SNAPSHOT_FILE = 'search-embedded.snap';
const KIND = 'cxy-search-embedded';
/** Temporary files older than this are left over from a process killed while writing. */
const STALE_TMP_MS = 3_600_000;

export interface SnapshotMeta {
  kind: typeof KIND;
  version: string;
  embeddings: string | null;
  id: string;
  position: Position;
  /** Transactions at or beyond the position whose changes the snapshot already holds (absent in older files: none). */
  ahead?: string[];
  writtenAt: string;
  documents: Partial<Record<IndexName, number>>;
}

export interface SnapshotKeeperOptions {
  db: Kysely<Database>;
  engine: EmbeddedSearchEngine;
  dir: string;
  logger: Logger;
  /** The embeddings model the vectors came from (null: none); a snapshot of another is not loaded. */
  embeddingsModel: string | null;
}

const rowName = (id: string) => `snapshot:${id}`;

/** What an index reflects: every outbox row up to `position`, and the whole transactions in `ahead`. */
export interface IndexState {
  position: Position;
  ahead: readonly string[];
}

/** Whether an index at `a` holds every change one at `b` holds (rows up to a's position, or of a transaction a applied ahead). */
export function covers(a: IndexState, b: IndexState): boolean {
  if (comparePositions(a.position, b.position) < 0) return false;
  const passed = BigInt(a.position.tx);
  const held = new Set(a.ahead);
  return b.ahead.every((tx) => BigInt(tx) < passed || held.has(tx));
}

/** Whether two states reflect the same changes. */
export const sameState = (a: IndexState, b: IndexState) => covers(a, b) && covers(b, a);

/** Whether `a` holds strictly more than `b`. */
const newer = (a: IndexState, b: IndexState) => covers(a, b) && !covers(b, a);

/** Orders outbox positions (xid8 and bigint as decimal text). */
export function comparePositions(a: Position, b: Position): number {
  const [at, bt, ai, bi] = [BigInt(a.tx), BigInt(b.tx), BigInt(a.id), BigInt(b.id)];
  return at !== bt ? (at < bt ? -1 : 1) : ai === bi ? 0 : ai < bi ? -1 : 1;
}

async function rowAt(db: Kysely<Database>, id: string): Promise<Position | undefined> {
  const r =
    await sql<Position>`SELECT tx::text AS tx, id::text AS id FROM outbox_consumers WHERE name = ${rowName(id)}`.execute(
      db,
    );
  return r.rows[0];
}

export function createSnapshotKeeper(opts: SnapshotKeeperOptions) {
  const { db, engine, logger } = opts;
  const file = path.resolve(opts.dir, SNAPSHOT_FILE);
  let current: string | undefined;

  async function readMeta(): Promise<SnapshotMeta | undefined> {
    try {
      const reader = await openSnapshotFile<SnapshotMeta>(file);
      await reader.close();
      return reader.meta?.kind === KIND ? reader.meta : undefined;
    } catch {
      return undefined;
    }
  }

  async function removeStaleTemporaries(): Promise<void> {
    const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(`${SNAPSHOT_FILE}.tmp-`))) {
      const full = path.join(path.dirname(file), name);
      const s = await stat(full).catch(() => undefined);
      if (s && Date.now() - s.mtimeMs > STALE_TMP_MS) await rm(full, { force: true });
    }
  }

  return {
    file,

    /**
     * Loads the snapshot into the engine: answers its position and id, or undefined (the reason is
     * logged) when the index must be rebuilt from the database.
     */
    async load(): Promise<(IndexState & { id: string }) | undefined> {
      await removeStaleTemporaries();
      const rebuild = (why: string, data: Record<string, unknown> = {}) => {
        logger.warn(`search snapshot not used (${why}); rebuilding the index from the database`, { file, ...data });
        return undefined;
      };
      let reader;
      try {
        reader = await openSnapshotFile<SnapshotMeta>(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          logger.info('no search snapshot yet; building the index from the database', { file });
          return undefined;
        }
        return rebuild('corrupt', { error: err instanceof Error ? err.message : String(err) });
      }
      try {
        const m = reader.meta;
        const ahead = m?.ahead ?? [];
        if (
          m?.kind !== KIND ||
          typeof m.id !== 'string' ||
          !m.position ||
          !Array.isArray(ahead) ||
          !ahead.every((tx) => typeof tx === 'string' && /^\d+$/.test(tx))
        )
          return rebuild('corrupt', { error: '元数据无效' });
        const version = engine.version;
        if (m.version !== version)
          return rebuild('another definitions version', { snapshotVersion: m.version, currentVersion: version });
        if (m.embeddings !== opts.embeddingsModel)
          return rebuild('other embeddings', { snapshotEmbeddings: m.embeddings, embeddings: opts.embeddingsModel });
        const row = await rowAt(db, m.id);
        if (!row || comparePositions(row, m.position) !== 0)
          return rebuild('not backed by this database’s outbox: another database, or pruned past it', { id: m.id });
        const started = performance.now();
        try {
          await engine.restore(reader);
        } catch (err) {
          const corrupt =
            err instanceof CorruptSnapshotError || !(err instanceof Error && err.name === 'SearchEngineError');
          if (!corrupt) throw err;
          return rebuild('corrupt', { error: err instanceof Error ? err.message : String(err) });
        }
        current = m.id;
        logger.info('search index loaded from snapshot', {
          file,
          position: m.position,
          ahead: ahead.length,
          writtenAt: m.writtenAt,
          documents: m.documents,
          ms: Math.round(performance.now() - started),
        });
        return { position: m.position, ahead, id: m.id };
      } finally {
        await reader.close();
      }
    },

    /** Whether the snapshot `id` still holds the outbox (another process may have replaced it meanwhile). */
    async held(id: string): Promise<boolean> {
      return (await rowAt(db, id)) !== undefined;
    },

    /**
     * Writes a snapshot of the engine at `state` (which must be what the engine reflects) and puts it
     * in place, unless the file there is strictly newer: it holds every change this one does, and more.
     * Answers whether it did.
     */
    async save(state: IndexState): Promise<boolean> {
      const { position } = state;
      const ahead = state.ahead.filter((tx) => BigInt(tx) >= BigInt(position.tx));
      const started = performance.now();
      const { documents } = await engine.health();
      const meta: SnapshotMeta = {
        kind: KIND,
        version: engine.version,
        embeddings: opts.embeddingsModel,
        id: randomUUID(),
        position,
        ahead,
        writtenAt: new Date().toISOString(),
        documents: documents ?? {},
      };
      const tmp = await engine.snapshot((sections) => writeSnapshotFile(file, meta, sections));
      let placed = false;
      try {
        await db.transaction().execute(async (trx) => {
          await sql`SELECT pg_advisory_xact_lock(hashtext(${`cxy-search-snapshot:${file}`}))`.execute(trx);
          const there = await readMeta();
          const thereHeld = there ? await rowAt(trx, there.id) : undefined;
          if (
            there &&
            thereHeld &&
            there.version === meta.version &&
            there.embeddings === meta.embeddings &&
            newer({ position: there.position, ahead: there.ahead ?? [] }, { position, ahead })
          )
            return;
          await saveConsumer(trx, rowName(meta.id), position);
          await rename(tmp, file);
          placed = true;
          if (there && there.id !== meta.id) await dropConsumer(trx, rowName(there.id));
        });
      } finally {
        if (!placed) await rm(tmp, { force: true });
      }
      if (placed) current = meta.id;
      logger.info(placed ? 'search snapshot written' : 'search snapshot not written: a newer one is in place', {
        file,
        position,
        ahead: ahead.length,
        ms: Math.round(performance.now() - started),
      });
      return placed;
    },

    /** Tells pruning the snapshot in place is still wanted (its row would go after a week unseen). */
    async touch(): Promise<void> {
      if (current) await sql`UPDATE outbox_consumers SET seen_at = now() WHERE name = ${rowName(current)}`.execute(db);
    },
  };
}

export type SnapshotKeeper = ReturnType<typeof createSnapshotKeeper>;
