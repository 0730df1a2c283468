/**
 * Infrastructure the crash tests own and may kill: a Temporal dev server with SQLite file persistence on its own
 * port, an embedded Postgres with a persistent data directory, and the worker as a child process (worker/main.ts).
 * The shared jest Temporal server is in-memory and the shared Postgres is used by other files, so neither may
 * be restarted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { findFreePort } from '../helpers/ports';

const ROOT = path.join(__dirname, '../..');

async function answers(address: string): Promise<boolean> {
  try {
    const c = await Connection.connect({ address, connectTimeout: 1000 });
    await c.close();
    return true;
  } catch {
    return false;
  }
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => child.once('exit', () => r()));

export interface OwnTemporal {
  address: string;
  start(): Promise<void>;
  /** SIGTERM (or SIGKILL) and wait for the process to end; the db file keeps every workflow. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function ownTemporal(cli: string, port: number, dir: string): OwnTemporal {
  const address = `127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  return {
    address,
    async start() {
      const log = fs.openSync(path.join(dir, 'temporal.log'), 'a');
      child = spawn(
        cli,
        [
          'server',
          'start-dev',
          '--ip',
          '127.0.0.1',
          '--port',
          String(port),
          '--headless',
          '--db-filename',
          path.join(dir, 'temporal.db'),
          '--namespace',
          'default',
          '--log-level',
          'warn',
          '--dynamic-config-value',
          'frontend.enableServerVersionCheck=false',
        ],
        { stdio: ['ignore', log, log], env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: '1' } },
      );
      const deadline = Date.now() + 60_000;
      while (!(await answers(address))) {
        if (child.exitCode !== null) throw new Error(`temporal exited ${child.exitCode}; see ${dir}/temporal.log`);
        if (Date.now() > deadline) throw new Error('temporal did not start');
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async stop(signal = 'SIGTERM') {
      if (!child) return;
      const c = child;
      child = undefined;
      c.kill(signal);
      await exited(c);
    },
  };
}

export interface OwnPostgres {
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Postgres in a child process (test/chaos/pg-process.ts); its data directory survives stop/start. */
export function ownPostgres(port: number, dir: string): OwnPostgres {
  let child: ChildProcess | undefined;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/recomamp_chaos`,
    async start() {
      const c = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(__dirname, 'pg-process.ts'),
          path.join(dir, 'pg'),
          String(port),
          path.join(dir, 'pg.log'),
        ],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      child = c;
      await new Promise<void>((resolve, reject) => {
        let out = '';
        c.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('ready ')) resolve();
        });
        c.once('exit', (code) => reject(new Error(`postgres process exited ${code}; see ${dir}/pg.log`)));
      });
    },
    async stop() {
      if (!child) return;
      const c = child;
      child = undefined;
      c.kill('SIGTERM');
      await exited(c);
    },
  };
}

export interface WorkerProcess {
  /** Starts worker/main.ts; resolves once it polls its task queue, rejects (with its log) if it exits first. */
  start(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Throws, with the end of its log, when the worker exited without being told to (e.g. a port it could not bind). */
  assertAlive(): void;
  /** GET of the running worker's probe (`/health` or `/ready`, worker/probes.ts): its status and body. */
  probe(path: '/health' | '/ready'): Promise<{ status: number; body: any }>;
}

const logTail = (file: string) => fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');

/**
 * worker/main.ts as a child process (it bundles the workflows itself, as in production). Its metrics ports are
 * free ports of its own, so it never collides with a running `npm start` (whose worker holds the defaults).
 */
export function workerProcess(env: Record<string, string>, dir: string): WorkerProcess {
  let child: ChildProcess | undefined;
  let died: string | undefined;
  let metricsPort: number | undefined;
  const logFile = path.join(dir, 'worker.log');
  return {
    async start() {
      metricsPort = await findFreePort();
      const sdkMetricsPort = await findFreePort();
      died = undefined;
      const log = fs.createWriteStream(logFile, { flags: 'a' });
      const c = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker/main.ts')], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'info', // its "worker polling" line is the readiness event
          WORKER_METRICS_PORT: String(metricsPort),
          WORKER_SDK_METRICS_PORT: String(sdkMetricsPort),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = c;
      c.stderr!.pipe(log);
      await new Promise<void>((resolve, reject) => {
        let out = '';
        c.stdout!.on('data', (d: Buffer) => {
          log.write(d);
          out = (out + d.toString()).slice(-4096);
          if (out.includes('"worker polling"')) resolve();
        });
        c.once('exit', (code, signal) => {
          if (child === c) died = `worker exited (code ${code}, signal ${signal}):\n${logTail(logFile)}`;
          reject(new Error(died ?? 'worker stopped before it polled'));
        });
      });
    },
    async kill(signal = 'SIGKILL') {
      if (!child) return;
      const c = child;
      child = undefined;
      c.kill(signal);
      await exited(c);
    },
    assertAlive() {
      if (died) throw new Error(died);
    },
    async probe(probePath) {
      const res = await fetch(`http://127.0.0.1:${metricsPort}${probePath}`);
      return { status: res.status, body: await res.json() };
    },
  };
}

export interface ChangeFeed {
  /**
   * Resolves once `predicate` holds. It is checked at once and again at every committed execution status change
   * (Postgres NOTIFY), and after every reconnect (Postgres restarts); `alive` throws to stop waiting early.
   */
  until(
    what: string,
    predicate: () => Promise<boolean>,
    opts?: { timeoutMs?: number; alive?: () => void },
  ): Promise<void>;
  close(): Promise<void>;
}

/** LISTENs on the execution status channel (db/migrations: recomamp_execution_events), reconnecting when Postgres restarts. */
export function changeFeed(url: string): ChangeFeed {
  let closed = false;
  let client: pg.Client | undefined;
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const w of [...wakers]) w();
  };
  const connect = async (): Promise<void> => {
    while (!closed) {
      const c = new pg.Client({ connectionString: url });
      c.on('error', () => undefined);
      try {
        await c.connect();
        c.on('notification', wake);
        c.once('end', () => {
          if (client === c) client = undefined;
          if (!closed) void connect();
        });
        await c.query('LISTEN recomamp_execution_events');
        client = c;
        wake(); // changes made while we were away were not notified to us
        return;
      } catch {
        await c.end().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  const ready = connect();
  return {
    async until(what, predicate, opts = {}) {
      await ready;
      const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
      for (;;) {
        opts.alive?.();
        let woken = false;
        let wakeUp: () => void = () => undefined;
        const next = new Promise<void>((r) => (wakeUp = r));
        const waker = () => ((woken = true), wakeUp());
        wakers.add(waker);
        try {
          if (await predicate().catch(() => false)) return;
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
          // A change committed while the predicate ran has woken us already; a 5 s guard covers a lost NOTIFY.
          if (!woken) await Promise.race([next, new Promise((r) => setTimeout(r, 5000))]);
        } finally {
          wakers.delete(waker);
        }
      }
    },
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}
