/**
 * `npm start`: the whole system on embedded defaults, in one command.
 * Temporal dev server (+ Web UI) → Postgres (DATABASE_URL, or a local one under .data/postgres) → migrations →
 * AMC simulator, worker and API as child processes → prints where everything is. Ctrl-C stops it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db';
import { startLocalPostgres, type LocalPostgres } from './local-postgres';
import { projectRoot, runningCompiled } from './project-root';
import { ensureWebBuild } from './build-web';
import { startTemporalDevServer, type DevServer } from './temporal-dev-server';
import { WORKER_NODE_FLAGS, WORKER_PROCESS_ENV } from '../worker/process-sizing';

const root = projectRoot();
const dataDir = path.join(root, '.data');
const logDir = path.join(dataDir, 'logs');

function prefixLines(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream): void {
  let buffered = '';
  stream?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
}

/** `entry` without extension: compiled (`node dist/start.js`) runs dist/<entry>.js, else <entry>.ts through tsx. */
function startChild(name: string, entry: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): ChildProcess {
  const args = runningCompiled()
    ? [...nodeFlags, path.join(__dirname, '..', `${entry}.js`)]
    : [...nodeFlags, '--import', 'tsx', path.join(root, `${entry}.ts`)];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(name, child.stdout, process.stdout);
  prefixLines(name, child.stderr, process.stderr);
  return child;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const config = loadConfig();
  fs.mkdirSync(logDir, { recursive: true });
  const children: ChildProcess[] = [];
  let temporal: DevServer | undefined;
  let postgres: LocalPostgres | undefined;

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    await postgres?.stop().catch(() => undefined);
    await temporal?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  try {
    // The web console the API serves at / (web/dist): built from source when missing or older than web/src.
    ensureWebBuild();
    const [temporalPort] = config.temporal.address.split(':').reverse();
    temporal = await startTemporalDevServer({
      port: Number(temporalPort),
      uiPort: config.temporal.uiPort,
      dataDir,
      logFile: path.join(logDir, 'temporal.log'),
      // With CODEC_AUTH_TOKEN set, the Web UI decrypts payloads through the API (api/routes/codec.ts) once the
      // operator has signed in at /codec/session and turned on "Include cross-origin credentials".
      ...(config.observability.codecAuthToken && {
        uiCodecEndpoint: `${config.api.publicUrl}/codec`,
      }),
    });

    let databaseUrl = config.db.url;
    if (!databaseUrl) {
      postgres = await startLocalPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: config.db.localPort,
        database: 'recomamp',
        logFile: path.join(logDir, 'postgres.log'),
      });
      databaseUrl = postgres.url;
    }
    const db = createDb(databaseUrl);
    await migrateLatest(db);
    await db.destroy();

    const env = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address };
    const simUrl = `http://127.0.0.1:${config.simulator.port}`;
    children.push(startChild('simulator', 'amc/simulator/main', env));
    children.push(startChild('worker', 'worker/main', { ...env, ...WORKER_PROCESS_ENV }, WORKER_NODE_FLAGS));
    children.push(startChild('api', 'api/main', env));
    for (const child of children) {
      child.once('exit', (code) => {
        if (!stopping) {
          console.error(`a RecomAMP process exited (code ${code}); stopping everything`);
          void stop(1);
        }
      });
    }
    await waitForHttp(`${simUrl}/__sim/stats`, 60_000);
    await waitForHttp(`${config.api.publicUrl}/ready`, 60_000);

    console.log(`
RecomAMP is up (${((Date.now() - t0) / 1000).toFixed(1)} s)
  Web console        ${config.api.publicUrl}/
  API                ${config.api.publicUrl}   (health: /health, ready: /ready, metrics: /metrics, docs: /docs)
  Worker metrics     http://127.0.0.1:${config.observability.workerMetricsPort}/metrics
  Temporal           ${temporal.address}   namespace ${config.temporal.namespace}
  Temporal Web UI    ${temporal.uiUrl}
  AMC simulator      ${simUrl}   (stats: ${simUrl}/__sim/stats)
  Postgres           ${postgres ? `local, data in .data/postgres (port ${config.db.localPort})` : 'DATABASE_URL'}
  Temporal binary    ${temporal.binary}
  Logs               .data/logs/
Try it: npm run demo     Stop: Ctrl-C
`);
  } catch (err) {
    console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

void main();
