/**
 * The Temporal dev server for `npm start`: the official CLI's `temporal server start-dev` with SQLite file
 * persistence under .data/ (state survives restarts) and its Web UI. The binary comes from
 * scripts/provision-temporal.sh; when no route can provide one (exit 3), the Temporal SDK's own download is
 * used instead (internet-connected machines).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { SEARCH_ATTRIBUTE_KEYS } from '../workflows/search-attributes';
import { projectRoot } from './project-root';

/** `--search-attribute` only applies when the namespace is first created; ensureSearchAttributes covers old DBs. */
const searchAttributeFlags = SEARCH_ATTRIBUTE_KEYS.flatMap((k) => ['--search-attribute', `${k.name}=Keyword`]);

async function registerSearchAttributes(address: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await ensureSearchAttributes(connection.operatorService, 'default');
  } finally {
    await connection.close();
  }
}

export interface DevServer {
  address: string;
  uiUrl: string;
  binary: string;
  stop(): Promise<void>;
}

export function provisionTemporalCli(): string | undefined {
  try {
    return (
      execFileSync('bash', [path.join(projectRoot(), 'scripts', 'provision-temporal.sh')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

async function answers(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

async function waitUntilAnswering(address: string, child: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(address))) {
    if (child && child.exitCode !== null) throw new Error(`temporal exited with code ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`Temporal did not answer on ${address} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startTemporalDevServer(opts: {
  port: number;
  uiPort: number;
  dataDir: string;
  logFile: string;
  /** The Temporal UI's codec server (api/routes/codec.ts), e.g. http://127.0.0.1:3000/codec. */
  uiCodecEndpoint?: string;
}): Promise<DevServer> {
  const address = `127.0.0.1:${opts.port}`;
  const uiUrl = `http://127.0.0.1:${opts.uiPort}`;
  if (await answers(address)) {
    await registerSearchAttributes(address);
    return { address, uiUrl, binary: '(already running)', stop: async () => undefined };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const dbFile = path.join(opts.dataDir, 'temporal.db');
  const cli = provisionTemporalCli();
  if (!cli) {
    // No binary on this machine: the SDK downloads the same CLI and runs it with the same persistence and UI.
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        port: opts.port,
        ui: true,
        uiPort: opts.uiPort,
        dbFilename: dbFile,
        searchAttributes: SEARCH_ATTRIBUTE_KEYS,
      },
    });
    await registerSearchAttributes(address);
    return { address, uiUrl, binary: '(downloaded by the Temporal SDK)', stop: () => env.teardown() };
  }
  const log = fs.openSync(opts.logFile, 'a');
  const child = spawn(
    cli,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(opts.port),
      '--ui-port',
      String(opts.uiPort),
      '--db-filename',
      dbFile,
      '--namespace',
      'default',
      '--log-level',
      'warn',
      '--ui-disable-news-fetch',
      '--dynamic-config-value',
      'frontend.enableServerVersionCheck=false',
      ...searchAttributeFlags,
      ...(opts.uiCodecEndpoint ? ['--ui-codec-endpoint', opts.uiCodecEndpoint] : []),
    ],
    { stdio: ['ignore', log, log], env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: '1' } },
  );
  await waitUntilAnswering(address, child, 60_000);
  await registerSearchAttributes(address);
  return {
    address,
    uiUrl,
    binary: cli,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
