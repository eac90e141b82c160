/**
 * Preloaded into the bench's server (`BENCH_HEAP_SAMPLING=<file>`, see api.ts): the first SIGUSR2 starts V8's
 * sampling heap profiler, counting objects the scavenger and the full GC have already collected too, so the
 * profile is every byte allocated, not what survives; the second stops it and writes to <file> the total and
 * the functions that allocated the most (self bytes, with the caller's name). With BENCH_HEAP_SAMPLING_SURVIVORS=1,
 * only what outlived the scavenges (promoted to the old generation): what makes scavenges long.
 */
import { writeFileSync } from 'node:fs';
import inspector from 'node:inspector';

interface Node {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: Node[];
}

const out = process.env.BENCH_HEAP_SAMPLING!;
const session = new inspector.Session();
session.connect();
let sampling = false;

function post<T>(method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
}

process.on('SIGUSR2', () => {
  if (!sampling) {
    sampling = true;
    void post('HeapProfiler.enable').then(() =>
      post('HeapProfiler.startSampling', {
        samplingInterval: 1024,
        includeObjectsCollectedByMajorGC: true,
        // BENCH_HEAP_SAMPLING_SURVIVORS=1: leave out what the scavenger collected — what outlives the young generation.
        includeObjectsCollectedByMinorGC: !process.env.BENCH_HEAP_SAMPLING_SURVIVORS,
      }),
    );
    return;
  }
  void post<{ profile: { head: Node } }>('HeapProfiler.stopSampling').then(({ profile }) => {
    const bySite = new Map<string, number>();
    let total = 0;
    // BENCH_HEAP_SAMPLING_DEPTH=n: name n callers of each allocating function rather than one.
    const depth = Number(process.env.BENCH_HEAP_SAMPLING_DEPTH ?? 1);
    const walk = (node: Node, callers: string[]) => {
      const f = node.callFrame;
      const name = `${f.functionName || '(anon)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/src\//, 'src/')}:${f.lineNumber + 1}`;
      if (node.selfSize) {
        total += node.selfSize;
        const key = [name, ...callers.slice(-depth).reverse()].join('  <- ');
        bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
      }
      for (const child of node.children) walk(child, [...callers, name]);
    };
    walk(profile.head, []);
    const top = [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 60);
    writeFileSync(
      out,
      `${JSON.stringify({ total })}\n${top.map(([k, v]) => `${String(Math.round(v / 1024)).padStart(8)} KB  ${k}`).join('\n')}\n`,
    );
  });
});
