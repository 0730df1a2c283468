/**
 * The API as its own process, as deployed (`node dist/api/main.js`, bench/compiled.ts, with the stack's Postgres, Temporal and simulator),
 * so the bench's client load and the API's work do not share one event loop. `cpuProfileDir` runs it under
 * `node --cpu-prof` (the profile is written when it exits; bench/profile-summary.ts reads it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stack } from '../test/helpers/stack';
import { findFreePort } from '../test/helpers/ports';
import { compiledEntry } from './compiled';

export interface ApiProcess {
  url: string;
  pid: number;
  /** Where its log lines go (stdout and stderr). */
  logFile: string;
  close(): Promise<void>;
}

async function waitUntilHealthy(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API process exited (${child.exitCode}); see ${logFile}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`API process not healthy after 60 s; see ${logFile}`);
}

export async function startApiProcess(
  stack: Stack,
  opts: { env?: Record<string, string>; cpuProfileDir?: string } = {},
): Promise<ApiProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(os.tmpdir(), `recomamp-bench-api-${process.pid}-${port}.log`);
  const log = fs.openSync(logFile, 'a');
  const { config } = stack;
  const nodeArgs = opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, compiledEntry('api/main')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      API_HOST: '127.0.0.1',
      PUBLIC_API_URL: url,
      DATABASE_URL: config.db.url,
      TEMPORAL_ADDRESS: config.temporal.address,
      TEMPORAL_NAMESPACE: config.temporal.namespace,
      AMC_API_BASE_URL: config.amazon.apiBaseUrl,
      LWA_AUTHORIZE_URL: config.amazon.authorizeUrl,
      LWA_TOKEN_URL: config.amazon.tokenUrl,
      LWA_PROFILE_URL: config.amazon.profileUrl,
      // The bench's one user sends thousands of requests a minute: limits stay on (their cost is measured), high.
      RATE_LIMIT_PER_USER: '10000000',
      RATE_LIMIT_AUTH_PER_IP: '100000',
      ...opts.env,
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  try {
    await waitUntilHealthy(url, child, logFile);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    url,
    pid: child.pid!,
    logFile,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
