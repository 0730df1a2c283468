/**
 * How the worker process is launched (issue #18, memory): 1,000 executions in flight on one worker in < 500 MB RSS.
 * docker-compose.yml, scripts/start.ts and bench/worker-process.ts start `worker/main` with these; the sizing of the
 * Temporal worker itself (the sticky cache) is config.worker, applied in worker/create-worker.ts.
 *
 * Measured with 1,000 executions running at the simulator (bench/mem-exp runs, then npm run bench -- --only=inflight):
 * without these flags the worker sat at ~590 MB RSS, of which the main thread's V8 heap was ~230 MB while only
 * ~55–60 MB of it was live (V8 grows the heap lazily toward a ~4 GB limit on a 24 GiB machine and collects
 * late), the workflow thread's isolate ~60 MB, glibc malloc arenas ~115 MB and mapped code ~64 MB. With them,
 * the same run stays near 330 MB:
 * - `--max-old-space-size=160`: the main and the workflow thread's heaps are collected before they pass 160 MB
 *   (≈ 2.5x the live heap at full load: the sticky cache bounds the workflows held, task slots the activities);
 * - `--max-semi-space-size=8` (MB): a smaller young generation; the worker's garbage is short-lived;
 * - `MALLOC_ARENA_MAX=2`: glibc makes a 64 MB arena per thread that allocates (tokio, libuv, the workflow
 *   thread); two are enough for a process whose work is I/O-bound.
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=160', '--max-semi-space-size=8'];
export const WORKER_PROCESS_ENV = { MALLOC_ARENA_MAX: '2' };
