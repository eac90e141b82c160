/**
 * 半年报 page cost on the demo data: the summary of this half-year and the previous one, the drafted
 * narrative and the five ECharts SVG charts (what one visit to /bureau/reports and its <img> routes
 * compute), timed in process on a fresh PGlite with the demo seeds, one visit at a time.
 *
 *   npm run bench:report-page -- [--visits 30]
 *
 * A fresh embedded database under a temporary DATA_DIR, removed at the end.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadSeeds } from '../../seeds/load.js';
import { CHARTS, renderChart, type ChartName } from '../../src/modules/reports/charts.js';
import { draftNarrative } from '../../src/modules/reports/narrative.js';
import { reportDataCache } from '../../src/modules/reports/report-data.js';
import { reportService } from '../../src/modules/reports/service.js';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime } from '../../src/runtime.js';
import { percentile } from './stats.js';

const { values: args } = parseArgs({ options: { visits: { type: 'string', default: '30' } } });
const visits = Number(args.visits);
const ms = (x: number) => Math.round(x * 10) / 10;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'report-page-'));
const runtime = await openRuntime(
  loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', SEED_DEMO: 'false' }),
  createLogger('warn'),
);
const t = { deps: runtime.deps };
try {
  console.log('demo data:', await loadSeeds(t.deps));
  const svc = reportService(t.deps);
  const reports = reportDataCache(t.deps, svc);
  const page: number[] = [];
  const charts: number[] = [];
  for (let i = 0; i < visits + 3; i++) {
    const t0 = performance.now();
    reports.clear(); // every visit computes afresh, as after a write
    draftNarrative((await reports.get({})).summary);
    const t1 = performance.now();
    // Each <img> route reads the period's report data (computed once) and draws its chart.
    for (const name of Object.keys(CHARTS) as ChartName[]) renderChart(name, await reports.get({}));
    const t2 = performance.now();
    if (i >= 3) (page.push(t1 - t0), charts.push(t2 - t1));
  }
  const line = (label: string, xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${label}: p50 ${ms(percentile(s, 50))} ms, p95 ${ms(percentile(s, 95))} ms`;
  };
  console.log(line('page (summary + narrative)', page));
  console.log(line('five charts (shared report data + SVG each)', charts));
  console.log(
    `visits ${visits}, load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}
