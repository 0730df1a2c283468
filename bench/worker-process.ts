/**
 * The worker as its own process (`node dist/worker/main.js`, bench/compiled.ts; the run's prebuilt workflow
 * bundle, as in production), so its
 * RSS and CPU seconds are its own: the in-flight and polling scenarios run their executions on it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Stack } from '../test/helpers/stack';
import { findFreePort } from '../test/helpers/ports';
import { WORKER_NODE_FLAGS, WORKER_PROCESS_ENV } from '../worker/process-sizing';
import { compiledEntry } from './compiled';
import { mb, round } from './measure';

export interface WorkerProcess {
  child: ChildProcess;
  /** Peak RSS (VmHWM) and CPU seconds so far. */
  stats(): { peakRssMb: number; rssMb: number; cpuSeconds: number };
  close(): Promise<void>;
}

export async function startWorkerProcess(stack: Stack, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, compiledEntry('worker/main')], {
    env: {
      ...process.env,
      ...WORKER_PROCESS_ENV,
      DATABASE_URL: stack.config.db.url,
      TEMPORAL_ADDRESS: stack.config.temporal.address,
      AMC_API_BASE_URL: stack.config.amazon.apiBaseUrl,
      LWA_TOKEN_URL: stack.config.amazon.tokenUrl,
      LOG_LEVEL: 'warn',
      // Ports of its own: a running `npm start` holds the defaults (9464/9465).
      WORKER_METRICS_PORT: String(await findFreePort()),
      WORKER_SDK_METRICS_PORT: String(await findFreePort()),
      // The run's prebuilt bundle, as in production (npm run build:workflows): no webpack in the worker's RSS.
      WORKFLOW_BUNDLE_PATH: process.env.RECOMAMP_TEST_WORKFLOW_BUNDLE,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    child,
    stats() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100/s on Linux)
      return { peakRssMb: mb(kb('VmHWM') * 1024), rssMb: mb(kb('VmRSS') * 1024), cpuSeconds: round(ticks / 100) };
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
