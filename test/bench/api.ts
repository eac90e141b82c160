/**
 * API read benchmark: reads by id and list pages under 50 concurrent connections for 20 s,
 * against the real server (a child process) and beside a bare loop running the same queries
 * directly on the same database.
 *
 *   npm run bench:api -- --store pglite|postgres [--seconds 20] [--warmup 3] [--connections 50] [--problems 10000]
 *                        [--log-level info]
 *
 * The server is measured warm, as it runs in production: `--warmup` seconds of the same load come first,
 * unmeasured (the bare loop's connections and plans are warm after its own first second).
 *
 * The server runs with the Node flags of `npm start`, and logs at `--log-level` (default `info`, as production does: a line per request) into a pipe
 * that this process reads, as a container's log collector would; lines above `info` are passed on.
 *
 * PostgreSQL: DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres);
 * a fresh database is created and dropped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { openPglite, openPostgres, type Store } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { type LoadResult, printTable, runLoad } from './stats.js';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'postgres' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    problems: { type: 'string', default: '10000' },
    // As production runs (the default LOG_LEVEL): one access-log line per request.
    'log-level': { type: 'string', default: 'info' },
  },
});
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const problemCount = Number(args.problems);
const ADMIN = `bench-admin-${randomBytes(8).toString('hex')}`;
const PORT = 3900 + Math.floor(Math.random() * 90);

const GET_SQL = `select problems.*, enterprises.name as enterprise_name, enterprises.industry as enterprise_industry, enterprises.contact_name, enterprises.contact_phone, enterprises.contact_email
  from problems inner join enterprises on enterprises.id = problems.enterprise_id where problems.deleted_at is null and problems.id = $1`;
const LIST_SQL = `select problems.*, enterprises.name as enterprise_name, enterprises.industry as enterprise_industry, enterprises.contact_name, enterprises.contact_phone, enterprises.contact_email
  from problems inner join enterprises on enterprises.id = problems.enterprise_id where problems.deleted_at is null
  order by problems.posted_at desc, problems.id limit 21 offset $1`;
/** The API counts a full first page only; later pages carry the total in their cursor (see withTotal). The bare loop does the same. */
const COUNT_SQL = `select count(*)::int as n from problems inner join enterprises on enterprises.id = problems.enterprise_id where problems.deleted_at is null`;

async function fill(store: Store): Promise<string[]> {
  await migrateToLatest(store.db);
  const enterprises = await store.db
    .insertInto('enterprises')
    .values(
      Array.from({ length: 200 }, (_, i) => ({
        name: `基准企业${i}`,
        industry: '通用设备制造业',
        contactName: '联系人',
        contactPhone: '13800000000',
      })),
    )
    .returning('id')
    .execute();
  const ids: string[] = [];
  for (let start = 0; start < problemCount; start += 1000) {
    const rows = await store.db
      .insertInto('problems')
      .values(
        Array.from({ length: Math.min(1000, problemCount - start) }, (_, k) => ({
          enterpriseId: enterprises[(start + k) % enterprises.length]!.id,
          title: `基准难题${start + k}：注塑件表面缺陷自动检测`,
          description: '现有人工目检漏检率约 3%，希望用机器视觉把漏检率降到 0.5% 以下，节拍不低于每分钟 60 件。'.repeat(
            3,
          ),
          domains: ['advanced_manufacturing'],
          keywords: ['机器视觉', 'AOI'],
          budgetWan: 50,
          visibility: 'public' as const,
          stage: 'open' as const,
          postedAt: new Date(Date.now() - (start + k) * 60_000),
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  await sql`analyze`.execute(store.db);
  return ids;
}

async function bareLoop(query: (text: string, params: unknown[]) => Promise<unknown[]>, ids: string[]) {
  return runLoad('bare queries', connections, seconds, async (w, i) => {
    if ((w + i) % 2 === 0) return (await query(GET_SQL, [ids[(w * 7919 + i) % ids.length]])).length === 1;
    const offset = ((w + i) % 10) * 20;
    const rows = await query(LIST_SQL, [offset]);
    if (offset === 0 && rows.length > 20) await query(COUNT_SQL, []);
    return rows.length > 0;
  });
}

/** With wrk on the PATH (Debian package `wrk`), the load comes from it: a Node client would take a core from the server on this 2-core machine. */
const hasWrk = spawnSync('wrk', ['--version']).error === undefined;

async function httpLoop(ids: string[], seconds: number) {
  const base = `http://127.0.0.1:${PORT}/api/v1`;
  if (hasWrk) return wrkLoop(ids, seconds);
  const headers = { authorization: `Bearer ${ADMIN}` };
  // Real cursors, as a client paging through the list gets them.
  const cursors = [''];
  while (cursors.length < 10) {
    const page = (await (
      await fetch(`${base}/problems?limit=20&sort=-postedAt${cursors.at(-1)}`, { headers })
    ).json()) as { nextCursor: string };
    cursors.push(`&cursor=${page.nextCursor}`);
  }
  return runLoad('HTTP API', connections, seconds, async (w, i) => {
    const url =
      (w + i) % 2 === 0
        ? `${base}/problems/${ids[(w * 7919 + i) % ids.length]}`
        : `${base}/problems?limit=20&sort=-postedAt${cursors[(w + i) % 10]}`;
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    return res.status === 200;
  });
}

async function wrkLoop(ids: string[], seconds: number): Promise<LoadResult> {
  const headers = { authorization: `Bearer ${ADMIN}` };
  const cursors = [''];
  while (cursors.length < 10) {
    const page = (await (
      await fetch(`http://127.0.0.1:${PORT}/api/v1/problems?limit=20&sort=-postedAt${cursors.at(-1)}`, { headers })
    ).json()) as { nextCursor: string };
    cursors.push(`&cursor=${page.nextCursor}`);
  }
  const paths = Array.from({ length: 2000 }, (_, i) =>
    i % 2 === 0
      ? `/api/v1/problems/${ids[(i * 7919) % ids.length]}`
      : `/api/v1/problems?limit=20&sort=-postedAt${cursors[i % 10]}`,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cxy-wrk-'));
  writeFileSync(path.join(dir, 'paths.txt'), `${paths.join('\n')}\n`);
  // Not spawnSync: this process must keep reading the server's log pipe while wrk runs.
  const wrk = spawn(
    'wrk',
    [
      '-t2',
      `-c${connections}`,
      `-d${seconds}s`,
      '--timeout',
      '10s',
      '-s',
      path.join(import.meta.dirname, 'wrk-report.lua'),
      `http://127.0.0.1:${PORT}`,
    ],
    { env: { ...process.env, WRK_PATHS: path.join(dir, 'paths.txt'), WRK_TOKEN: ADMIN } },
  );
  let stdout = '';
  let stderr = '';
  wrk.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  wrk.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  await new Promise((resolve) => wrk.on('close', resolve));
  const run = { stdout, stderr };
  rmSync(dir, { recursive: true, force: true });
  const line = /WRK(\{.*\})/.exec(run.stdout)?.[1];
  if (!line) throw new Error(`wrk failed: ${run.stderr || run.stdout}`);
  const r = JSON.parse(line) as {
    requests: number;
    errors: number;
    seconds: number;
    p50: number;
    p95: number;
    p99: number;
  };
  if (r.errors) console.error(`wrk errors: ${line}`);
  return {
    label: 'HTTP API (wrk)',
    requests: r.requests,
    errors: r.errors,
    seconds: r.seconds,
    rps: Math.round((r.requests / r.seconds) * 100) / 100,
    p50: r.p50,
    p95: r.p95,
    p99: r.p99,
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

interface Server {
  /** SIGTERM, resolved when the process has exited (its graceful stop writes the index snapshot). */
  stop(): Promise<void>;
  /** Sends the server a signal (the heap-sampling preload's start/stop). */
  signal(name: NodeJS.Signals): void;
  /** CPU seconds the server process has used so far. */
  cpu(): number | undefined;
}

/**
 * The load, with the server's CPU time per request beside it: a figure the other processes on a
 * shared machine disturb far less than the request rate.
 */
async function measured(server: Server, ids: string[]): Promise<LoadResult> {
  if (warmup > 0) await httpLoop(ids, warmup);
  const load = () => httpLoop(ids, seconds);
  const sampling = process.env.BENCH_HEAP_SAMPLING;
  if (sampling) server.signal('SIGUSR2');
  const before = server.cpu();
  const result = await load();
  const after = server.cpu();
  if (sampling) {
    server.signal('SIGUSR2');
    await new Promise((r) => setTimeout(r, 2000));
    const total = (JSON.parse(readFileSync(sampling, 'utf8').split('\n')[0]!) as { total: number }).total;
    console.log(`allocated ${Math.round(total / result.requests / 1024)} KB/request (${sampling})`);
  }
  if (before === undefined || after === undefined) return result;
  return { ...result, label: `${result.label} cpu ${((1000 * (after - before)) / result.requests).toFixed(3)} ms/req` };
}

/** The Node flags production starts the server with (`npm start` of the package.json in the working directory). */
const startFlags = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(' ')
  .filter((arg) => arg.startsWith('--'));

async function startServer(env: Record<string, string>): Promise<Server> {
  // BENCH_CPU_PROF=<dir>: the server runs under `node --cpu-prof` and writes its profile there on exit.
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  // BENCH_HEAP_SAMPLING=<file>: every byte the server allocates during the measured load, by function, into <file>.
  const heap = process.env.BENCH_HEAP_SAMPLING ? ['--import', './test/bench/heap-sampling.ts'] : [];
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server only, e.g. `--max-semi-space-size=32 --trace-gc`.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...startFlags, ...extra, ...prof, '--import', 'tsx', ...heap, 'src/index.ts'],
    {
      env: {
        ...process.env,
        ...env,
        PORT: String(PORT),
        ADMIN_TOKEN: ADMIN,
        SEED_DEMO: 'false',
        LOG_LEVEL: args['log-level']!,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (line && !line.startsWith('{"level":"info"')) process.stderr.write(`${line}\n`);
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health`)).ok)
        return {
          stop: () =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
          signal: (name) => child.kill(name),
          cpu: () => cpuSeconds(child.pid),
        };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become healthy');
}

async function main() {
  console.log(
    `store=${args.store} problems=${problemCount} connections=${connections} seconds=${seconds} (node ${process.version}, ${os.cpus().length} cores)`,
  );
  if (args.store === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxy-bench-'));
    try {
      const store = await openPglite(path.join(dataDir, 'pglite'));
      const ids = await fill(store);
      const bare = await bareLoop(
        async (text, params) => (await store.db.executeQuery(CompiledQuery.raw(text, params))).rows,
        ids,
      );
      await store.close();
      const server = await startServer({ DATA_DIR: dataDir, DATABASE_URL: '' });
      const api = await measured(server, ids);
      await server.stop();
      printTable([bare, api], bare);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return;
  }
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `cxy_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const store = openPostgres(url.toString());
    const ids = await fill(store);
    await store.close();
    const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
    const bare = await bareLoop(async (text, params) => (await pool.query(text, params)).rows, ids);
    await pool.end();
    // The server's own files (its index snapshot) go to a directory of their own, not the checkout's ./data.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxy-bench-'));
    const server = await startServer({ DATABASE_URL: url.toString(), DATA_DIR: dataDir });
    const api = await measured(server, ids);
    await server.stop();
    printTable([bare, api], bare);
    rmSync(dataDir, { recursive: true, force: true });
  } finally {
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
