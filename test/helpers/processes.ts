/**
 * RecomAMP's entry points as child processes, the way they run in production (one process per role, configured by
 * the environment): the API (api/main.ts), the worker (worker/main.ts), migrations (db/migrate.ts) and scripts.
 * They run the TypeScript sources through tsx, so a focused run tests the current code (test/build/ covers the
 * compiled dist/), and the worker loads the run's prebuilt workflow bundle.
 *
 * Waits are event-driven: a process's exit is its 'exit' event, readiness is its HTTP probe answering 200.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when it has exited: exit code or signal, and when. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  isRunning(): boolean;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** The environment every RecomAMP process of a test gets: quiet logs, the run's bundle, the shared Postgres. */
export function baseProcessEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: process.env.RECOMAMP_TEST_DATABASE_URL,
    TEMPORAL_ADDRESS: process.env.RECOMAMP_TEST_TEMPORAL_ADDRESS,
    WORKFLOW_BUNDLE_PATH: process.env.RECOMAMP_TEST_WORKFLOW_BUNDLE,
    WORKER_METRICS_PORT: '0',
    // Its first sweep is a day away: it never runs against the shared database during a test.
    TOKEN_REFRESH_INTERVAL_SECONDS: '86400',
    // Likewise the reconciler: unscoped, it would repair (e.g. re-create the Temporal Schedules of) other files' rows.
    RECONCILER_INTERVAL_SECONDS: '86400',
    ...extra,
  };
  // An `undefined` in `extra` removes the variable (spawn would pass the word "undefined").
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}

export function startProcess(name: string, entry: string, env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    pid: child.pid!,
    output: () => output,
    exited,
    isRunning: running,
    async stop(signal = 'SIGTERM') {
      if (running()) child.kill(signal);
      return exited;
    },
  };
}

/**
 * Resolves once `url` answers with `status` (default 200); rejects early, with the process output, if the process
 * exits first or `timeoutMs` passes. Polls every 200 ms: an HTTP probe is the readiness signal processes offer.
 */
export async function waitForHttp(
  proc: RunningProcess,
  url: string,
  opts: { status?: number; timeoutMs?: number } = {},
): Promise<Response> {
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  for (;;) {
    const res = await fetch(url).catch(() => undefined);
    if (res && res.status === (opts.status ?? 200)) return res;
    await res?.body?.cancel();
    if (!proc.isRunning()) throw new Error(`${proc.name} exited before ${url} answered:\n${proc.output()}`);
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer ${opts.status ?? 200}; ${proc.name}:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Stops every process still running (afterAll): SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAll(procs: RunningProcess[], graceMs = 15_000): Promise<void> {
  await Promise.all(
    procs.map(async (p) => {
      if (!p.isRunning()) return;
      const kill = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
      await p.stop('SIGTERM');
      clearTimeout(kill);
    }),
  );
}
