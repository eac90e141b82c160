/**
 * A hostile XLSX against a real server (issue 12, defect 5): a ~250 KB workbook whose shared-string
 * table holds 6 million strings (~100 MB of XML) is uploaded to POST /api/v1/imports while this
 * process polls GET /health every 50 ms over HTTP. Prints the upload's answer and time, the longest
 * /health wait while it ran, and the server's peak RSS.
 *
 *   npx tsx test/bench/hostile-xlsx.ts [--store pglite|postgres] [--strings 6000000]
 */
import { parseArgs } from 'node:util';
import { hostileXlsx } from '../support/hostile-xlsx.js';
import { poller, startServer, summary } from './import-stall.js';

const { values: args } = parseArgs({
  options: { store: { type: 'string', default: 'pglite' }, strings: { type: 'string', default: '6000000' } },
});

async function main() {
  const strings = Number(args.strings);
  const bytes = hostileXlsx(strings);
  const server = await startServer(args.store!);
  const poll = poller(server.base);
  await new Promise((r) => setTimeout(r, 1000));
  const t0 = performance.now();
  const res = await fetch(`${server.base}/api/v1/imports?kind=enterprises`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.token}`,
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    body: bytes,
  });
  const body = (await res.json()) as { detail?: string };
  const t1 = performance.now();
  await new Promise((r) => setTimeout(r, 500));
  await poll.stop();
  const rss = await server.stop();
  const during = summary(poll.polls, t0, t1);
  console.log(`\nhostile XLSX on ${args.store}: ${(bytes.length / 1024).toFixed(0)} KB, ${strings} shared strings\n`);
  console.log(
    '| answer | upload (s) | /health polls | longest /health wait (ms) | failed polls | server peak RSS (MB) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${res.status} ${body.detail ?? ''} | ${((t1 - t0) / 1000).toFixed(1)} | ${during.polls} | ${during.longestMs} | ${during.failed.length} | ${rss} |`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
