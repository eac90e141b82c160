/**
 * Backups of the system of record, for both stores. The embedded database (PGlite) is copied as a
 * snapshot of its data directory (`dumpDataDir`, a gzipped tar) and restored by starting a new data
 * directory from it (`loadDataDir`). PostgreSQL is dumped with `pg_dump -Fc` and restored with
 * `pg_restore`, which must be installed (same major version as the server, or newer).
 * The search index is not backed up: it is derived, and rebuilt from the database at start or by
 * `npm run reindex`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface BackupTarget {
  databaseUrl?: string;
  dataDir: string;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

const pgliteDir = (dataDir: string) => path.resolve(dataDir, 'pglite');
const isEmptyDir = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;
const GZIP_MAGIC = [0x1f, 0x8b];
const PGDUMP_MAGIC = 'PGDMP';

/** `backups/cxy-pglite-20261130T141500Z.tar.gz` or `…-postgres-….dump`. */
export function defaultBackupFile(target: BackupTarget, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return path.join('backups', target.databaseUrl ? `cxy-postgres-${stamp}.dump` : `cxy-pglite-${stamp}.tar.gz`);
}

/** Writes a backup of the configured store to `file`; returns its size in bytes. */
export async function backupStore(
  target: BackupTarget,
  file: string,
): Promise<{ mode: 'postgres' | 'pglite'; bytes: number }> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (target.databaseUrl) {
    run('pg_dump', ['--format=custom', '--no-owner', '--no-acl', `--file=${file}`, `--dbname=${target.databaseUrl}`]);
    return { mode: 'postgres', bytes: statSync(file).size };
  }
  const dir = pgliteDir(target.dataDir);
  if (isEmptyDir(dir)) throw new BackupError(`没有可备份的内嵌数据库：${dir} 不存在或为空`);
  const db = await PGlite.create({ dataDir: dir });
  try {
    const dump = await db.dumpDataDir('gzip');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  return { mode: 'pglite', bytes: statSync(file).size };
}

/**
 * Restores `file` into the configured store. A store that already holds data is replaced only with
 * `force`: the embedded data directory is renamed aside (kept, not deleted), a PostgreSQL database is
 * cleaned object by object before the restore.
 */
export async function restoreStore(
  target: BackupTarget,
  file: string,
  opts: { force?: boolean } = {},
): Promise<{ mode: 'postgres' | 'pglite'; keptAside?: string }> {
  if (!existsSync(file)) throw new BackupError(`备份文件不存在：${file}`);
  const head = readFileSync(file).subarray(0, 5);
  if (target.databaseUrl) {
    if (head.toString('latin1') !== PGDUMP_MAGIC)
      throw new BackupError(
        `${file} 不是 pg_dump -Fc 的备份（内嵌数据库的备份只能恢复到内嵌数据库：去掉 DATABASE_URL）`,
      );
    const populated = await hasTables(target.databaseUrl);
    if (populated && !opts.force) throw new BackupError('目标 PostgreSQL 数据库已有数据；确认要覆盖时加 --force');
    run('pg_restore', [
      '--no-owner',
      '--no-acl',
      '--exit-on-error',
      '--single-transaction',
      ...(populated ? ['--clean', '--if-exists'] : []),
      `--dbname=${target.databaseUrl}`,
      file,
    ]);
    return { mode: 'postgres' };
  }
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1])
    throw new BackupError(`${file} 不是内嵌数据库的备份（pg_dump 的备份请设置 DATABASE_URL 后恢复到 PostgreSQL）`);
  const dir = pgliteDir(target.dataDir);
  let keptAside: string | undefined;
  if (!isEmptyDir(dir)) {
    if (!opts.force) throw new BackupError(`${dir} 已有数据；确认要覆盖时加 --force（现有目录会改名保留）`);
    keptAside = `${dir}.before-restore-${Date.now()}`;
    renameSync(dir, keptAside);
  }
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([readFileSync(file)]) });
  await db.query('select 1');
  await db.close();
  return { mode: 'pglite', ...(keptAside ? { keptAside } : {}) };
}

async function hasTables(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    );
    return rows[0].n > 0;
  } finally {
    await client.end();
  }
}

/** Runs a PostgreSQL client tool, or says plainly that it is missing. */
function run(tool: 'pg_dump' | 'pg_restore', args: string[]): void {
  const result = spawnSync(tool, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new BackupError(
      `找不到 ${tool}：请安装 PostgreSQL 客户端（与服务器同一主版本或更新，如 apt-get install postgresql-client），并确保它在 PATH 中`,
    );
  }
  if (result.status !== 0)
    throw new BackupError(`${tool} 失败（退出码 ${result.status}）：${(result.stderr ?? '').trim()}`);
}
