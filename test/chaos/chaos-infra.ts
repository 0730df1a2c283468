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
  start(): void;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** worker/main.ts as a child process (it bundles the workflows itself, as in production). */
export function workerProcess(env: Record<string, string>, dir: string): WorkerProcess {
  let child: ChildProcess | undefined;
  return {
    start() {
      const log = fs.openSync(path.join(dir, 'worker.log'), 'a');
      child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker/main.ts')], {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', log, log],
      });
    },
    async kill(signal = 'SIGKILL') {
      if (!child) return;
      const c = child;
      child = undefined;
      c.kill(signal);
      await exited(c);
    },
  };
}
