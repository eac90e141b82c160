/** Latency statistics and a bounded concurrent load loop, shared by the benchmarks. */

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface LoadResult {
  label: string;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Runs `task` from `connections` concurrent loops for `seconds`; a task that throws or returns false is an error. */
export async function runLoad(
  label: string,
  connections: number,
  seconds: number,
  task: (worker: number, i: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        let ok = false;
        try {
          ok = await task(worker, i);
        } catch {
          ok = false;
        }
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    label,
    requests: latencies.length,
    errors,
    seconds: r(elapsed),
    rps: r(latencies.length / elapsed),
    p50: r(percentile(latencies, 50)),
    p95: r(percentile(latencies, 95)),
    p99: r(percentile(latencies, 99)),
  };
}

export function printTable(rows: readonly LoadResult[], baseline?: LoadResult): void {
  console.table(
    rows.map((r) => ({ ...r, ...(baseline ? { 'vs bare': `${Math.round((r.rps / baseline.rps) * 100)}%` } : {}) })),
  );
}
