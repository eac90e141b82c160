/**
 * Import throughput: a generated 技术需求征集表 of 20,000 problems (CSV and XLSX, Chinese headers,
 * 2,000 enterprises imported first) goes through the real app — upload and dry run, then the run as
 * a background job — on PGlite or PostgreSQL. Prints rows/s for the dry run, the run, and a re-run
 * of the same file (every row unchanged). The search indexer is not running, so the figure is the
 * import's own; the outbox rows it writes are counted.
 *
 *   npx tsx test/bench/imports.ts [--store pglite|postgres] [--rows 20000] [--format csv|xlsx]
 */
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { createApp } from '../../src/app.js';
import { buildDeps } from '../../src/deps.js';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedEngine } from '../../src/search/embedded/index.js';
import { makeCreditCode } from '../support/fixtures.js';
import { generate } from './corpus.js';
import { benchStore } from './load.js';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'pglite' },
    rows: { type: 'string', default: '20000' },
    format: { type: 'string', default: 'csv' },
  },
});
const ROWS = Number(args.rows);
const ENTERPRISES = Math.max(10, Math.round(ROWS / 10));
const TOKEN = 'bench-imports-admin-token';

async function fileOf(rows: unknown[][]): Promise<Uint8Array> {
  if (args.format === 'csv') return new TextEncoder().encode(`\uFEFF${stringify(rows)}`);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('技术需求征集表');
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const day = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().slice(0, 10);

async function main() {
  const bench = await benchStore(args.store!, 'imports');
  const engine = createEmbeddedEngine();
  await engine.init();
  const deps = buildDeps({
    store: bench.store,
    engine,
    config: { adminToken: TOKEN, bodyLimit: 1024 * 1024, importLimit: 200 * 1024 * 1024 },
    logger: silentLogger,
  });
  const app = createApp(deps);

  async function timedImport(kind: string, bytes: Uint8Array) {
    const t0 = performance.now();
    const res = await app.request(`/api/v1/imports?kind=${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const preview = (await res.json()) as any;
    if (res.status !== 201) throw new Error(JSON.stringify(preview));
    const previewMs = performance.now() - t0;
    const t1 = performance.now();
    await app.request(`/api/v1/imports/${preview.id}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    await deps.imports.idle();
    const runMs = performance.now() - t1;
    const job = (await (
      await app.request(`/api/v1/imports/${preview.id}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as any;
    if (job.status !== 'completed') throw new Error(JSON.stringify(job));
    return { previewMs, runMs, job };
  }

  const codes = Array.from({ length: ENTERPRISES }, () => makeCreditCode());
  const enterpriseFile = await fileOf([
    ['企业名称', '统一社会信用代码', '所属行业'],
    ...codes.map((c, i) => [`基准测试企业${i + 1}有限公司`, c, '通用设备制造业']),
  ]);
  const ent = await timedImport('enterprises', enterpriseFile);

  const { problems } = generate({ problems: ROWS, labs: 0 });
  const header = [
    '难题名称',
    '统一社会信用代码',
    '技术领域',
    '关键词',
    '预算（万元）',
    '征集日期',
    '期望解决日期',
    '难题描述',
  ];
  const rows = problems.map((p, i) => [
    `${p.title}（${i + 1}）`,
    codes[i % ENTERPRISES],
    (p.domainNames as string[]).join('、'),
    (p.keywords as string[]).join('、'),
    p.budgetWan ?? '',
    day(p.postedAt as number),
    p.deadline ? day(p.deadline as number) : '',
    p.description,
  ]);
  const file = await fileOf([['XX区企业技术需求征集表'], header, ...rows]);
  const first = await timedImport('problems', file);
  const again = await timedImport('problems', file);
  const outbox = await bench.store.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();

  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
  const mb = (b: Uint8Array) => (b.length / 1024 / 1024).toFixed(1);
  console.log(
    `\nimports on ${args.store}, ${args.format}: ${ROWS} problems (${mb(file)} MB), ${ENTERPRISES} enterprises\n`,
  );
  console.log('| file | rows | dry run (s) | dry run rows/s | run (s) | run rows/s | result |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, r] of [
    ['enterprises', ent],
    ['problems', first],
    ['problems again', again],
  ] as const) {
    const res = r.job.result;
    console.log(
      `| ${name} | ${r.job.total} | ${(r.previewMs / 1000).toFixed(1)} | ${rate(r.job.total, r.previewMs)} | ${(r.runMs / 1000).toFixed(1)} | ${rate(r.job.total, r.runMs)} | +${res.created} ~${res.updated} =${res.unchanged} ×${res.rejected} |`,
    );
  }
  console.log(
    `\noutbox rows written: ${Number(outbox.n)}; RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`,
  );
  await deps.imports.stop();
  await engine.close();
  await bench.store.close();
  await bench.cleanup();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
