/** Small measuring tools for the bench: percentiles, a closed-loop and an open-loop driver. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

export interface RunStats {
  count: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function statsOf(latencies: number[], started: number): RunStats {
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    seconds: round(seconds),
    perSecond: round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

/** Runs `task` `count` times with `concurrency` workers; latency per call, rate over the whole run. */
export async function drive(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<RunStats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return statsOf(latencies, started);
}

/**
 * Open loop: starts `task` `count` times at a steady `perSecond` whether or not earlier calls have answered (as
 * independent users do); each latency counts from when its call was due, so a backlog shows in the figures
 * instead of slowing the arrivals (no coordinated omission).
 */
export async function driveAtRate(
  count: number,
  perSecond: number,
  task: (i: number) => Promise<void>,
): Promise<RunStats> {
  const latencies: number[] = [];
  const started = performance.now();
  const calls: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const dueAt = started + (i * 1000) / perSecond;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    calls.push(task(i).then(() => void latencies.push(performance.now() - dueAt)));
  }
  await Promise.all(calls);
  return statsOf(latencies, started);
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
