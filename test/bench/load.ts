/**
 * What the HTTP benchmarks share: a fresh database to load (a PGlite data dir or a new PostgreSQL
 * database, dropped afterwards), the generated corpus written into it with bulk inserts, and the
 * real server started on it as a child process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Store } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { SearchDocument } from '../../src/search/port.js';

export interface BenchStore {
  store: Store;
  /** The server's environment for this database. */
  env: Record<string, string>;
  /** Opens the same database again (after the server has stopped, for PGlite). */
  reopen(): Promise<Store>;
  /** Drops the database (or its dir) unless `keep`. */
  cleanup(keep?: boolean): Promise<void>;
}

/** A new, empty, migrated database: PGlite under a temporary dir, or a database created on DATABASE_URL's server. */
export async function benchStore(kind: string, label: string): Promise<BenchStore> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), `cxy-${label}-`));
    const store = await openPglite(path.join(dir, 'pglite'));
    await migrateToLatest(store.db);
    return {
      store,
      env: { DATA_DIR: dir, DATABASE_URL: '' },
      reopen: () => openPglite(path.join(dir, 'pglite')),
      cleanup: async (keep) => (keep ? undefined : rmSync(dir, { recursive: true, force: true })),
    };
  }
  if (kind !== 'postgres') throw new Error('--store pglite | postgres');
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `cxy_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = openPostgres(url.toString());
  await migrateToLatest(store.db);
  return {
    store,
    env: { DATABASE_URL: url.toString() },
    reopen: async () => openPostgres(url.toString()),
    cleanup: async (keep) => {
      if (!keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface Loaded {
  loadMs: number;
  /** Database ids in corpus order. */
  problemIds: string[];
  labIds: string[];
  /** Corpus enterprise key (`e000123`) and university name → database id. */
  enterprises: Map<string, string>;
  universities: Map<string, string>;
}

/** Writes the corpus's universities, enterprises, problems and labs, 1,000 rows a statement. */
export async function loadCorpus(
  store: Store,
  corpus: { problems: SearchDocument[]; labs: SearchDocument[] },
): Promise<Loaded> {
  const { problems, labs } = corpus;
  const t0 = performance.now();
  const universities = new Map<string, string>();
  for (const l of labs) universities.set(String(l.universityName), '');
  for (const name of universities.keys()) {
    const kind = name.endsWith('研究院') ? 'institute' : 'university';
    universities.set(
      name,
      (
        await store.db
          .insertInto('universities')
          .values({ name, kind, city: '杭州' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  }
  const enterprises = new Map<string, string>();
  for (const p of problems) enterprises.set(String(p.enterpriseId), '');
  const entKeys = [...enterprises.keys()];
  for (let i = 0; i < entKeys.length; i += 1000) {
    const rows = await store.db
      .insertInto('enterprises')
      .values(entKeys.slice(i, i + 1000).map((k) => ({ name: `企业${k}`, industry: '制造业' })))
      .returning('id')
      .execute();
    rows.forEach((r, j) => enterprises.set(entKeys[i + j]!, r.id));
  }
  const day = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString().slice(0, 10));
  const problemIds: string[] = [];
  for (let i = 0; i < problems.length; i += 1000) {
    const rows = await store.db
      .insertInto('problems')
      .values(
        problems.slice(i, i + 1000).map((p) => ({
          enterpriseId: enterprises.get(String(p.enterpriseId))!,
          title: String(p.title),
          description: String(p.description),
          domains: p.domains as string[],
          keywords: p.keywords as string[],
          budgetWan: p.budgetWan as number | null,
          deadline: day(p.deadline as number | null),
          visibility: p.visibility as 'public' | 'bureau',
          stage: p.stage as 'open',
          postedAt: new Date(Number(p.postedAt) * 1000),
        })),
      )
      .returning('id')
      .execute();
    problemIds.push(...rows.map((r) => r.id));
  }
  const labIds: string[] = [];
  for (let i = 0; i < labs.length; i += 1000) {
    const rows = await store.db
      .insertInto('labs')
      .values(
        labs.slice(i, i + 1000).map((l) => ({
          universityId: universities.get(String(l.universityName))!,
          name: `${String(l.name)}${l.id}`,
          leader: l.leader as string | null,
          domains: l.domains as string[],
          keywords: l.keywords as string[],
          summary: String(l.summary),
          equipment: l.equipment as string[],
          achievements: l.achievements as string[],
        })),
      )
      .returning('id')
      .execute();
    labIds.push(...rows.map((r) => r.id));
  }
  return { loadMs: performance.now() - t0, problemIds, labIds, enterprises, universities };
}

/** CPU seconds (user + system) a child process has used so far: its own cost, whatever else loads the machine. */
export function childCpuS(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function childRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** The real server (`src/index.ts`) on the given database, once /health answers; the embedded engine rebuilds its index from the database first. */
export async function startServer(
  env: Record<string, string>,
  opts: { port: number; adminToken: string },
): Promise<{ child: ChildProcess; healthyMs: number }> {
  const started = performance.now();
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', 'src/index.ts'], {
    env: {
      ...process.env,
      ...env,
      PORT: String(opts.port),
      ADMIN_TOKEN: opts.adminToken,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 9000; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${opts.port}/health`)).ok)
        return { child, healthyMs: performance.now() - started };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become healthy');
}

/**
 * The corpus ends at a fixed instant: move it so its newest problem was posted today (the current
 * half-year has problems), and order problems by posting time, as a live database holds them.
 */
export function dated(corpus: { problems: SearchDocument[]; labs: SearchDocument[] }, now: Date) {
  const shift =
    Math.floor(now.getTime() / 1000) - corpus.problems.reduce((m, p) => Math.max(m, Number(p.postedAt)), 0) - 3600;
  const move = (s: unknown) => (s === null ? null : Number(s) + shift);
  const problems = corpus.problems.map((p) => ({
    ...p,
    postedAt: move(p.postedAt),
    deadline: move(p.deadline),
    updatedAt: move(p.updatedAt),
  }));
  return { problems: problems.sort((a, b) => Number(a.postedAt) - Number(b.postedAt)), labs: corpus.labs };
}
