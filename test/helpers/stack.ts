/**
 * A whole RecomAMP stack for one test file, on the run's shared Temporal server and Postgres: the AMC simulator
 * (a real HTTP server on a free port), the API (createApp on a free port) and a worker on a task queue of the
 * file's own, so files running in parallel never take each other's tasks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../../config';
import { createActivities, type Activities } from '../../activities';
import { createApp } from '../../api/app';
import { buildApiDeps } from '../../api/build-deps';
import type { ApiDeps } from '../../api/deps';
import { createDb, type Db } from '../../db';
import { createSimulator } from '../../amc/simulator';
import { createWorker } from '../../worker/create-worker';
import { payloadDataConverter } from '../../lib/payload-codec';
import { parseIp } from '../../lib/ip-address';
import type { ResolveHost } from '../../services/webhook-target';
import { withResponseCheck } from './response-check';

export interface StackOptions {
  /** Simulator options (execution time, token lifetime, …). */
  simulator?: Parameters<typeof createSimulator>[0];
  /** Use this running simulator (another stack's: its Amazon users and tokens) and leave it running at close. */
  sharedSimulator?: { sim: ReturnType<typeof createSimulator>; url: string };
  /** Environment overrides for loadConfig (e.g. AMAZON_TOKEN_REFRESH_BUFFER_SECONDS). */
  env?: Record<string, string>;
  /** Start no worker (tests that drive workers themselves). */
  noWorker?: boolean;
  /** The task queue executions go to (default: one of the file's own). */
  taskQueue?: string;
  /** API settings over the test defaults (e.g. production poll intervals for the bench). */
  settings?: Partial<ApiDeps['settings']>;
  /**
   * Wraps the worker's real activities, e.g. to hold one until the test has acted (a race made deterministic):
   * timing only, the work itself stays real.
   */
  wrapActivities?: (activities: Activities) => Activities;
  /**
   * The names webhook URLs may resolve to, for the API and the worker (a test never asks real DNS); a name not
   * listed does not resolve. A Map can be changed while the test runs (DNS rebinding).
   */
  hosts?: Record<string, string[]> | Map<string, string[]>;
}

export interface Stack {
  apiUrl: string;
  simUrl: string;
  sim: ReturnType<typeof createSimulator>;
  config: Config;
  db: Db;
  deps: ApiDeps;
  temporal: Client;
  taskQueue: string;
  nativeConnection: NativeConnection;
  startWorker(): Promise<Worker>;
  stopWorker(): Promise<void>;
  /** Responses that did not match the OpenAPI document (test/helpers/response-check.ts); close() fails on any. */
  responseViolations: string[];
  close(): Promise<void>;
}

/** A resolver over a fixed table: names the test listed, nothing else, never the network. */
export function tableResolver(hosts: StackOptions['hosts'] = {}): ResolveHost {
  const table = hosts instanceof Map ? hosts : new Map(Object.entries(hosts));
  return async (hostname) => {
    const addresses = table.get(hostname.toLowerCase());
    if (!addresses?.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: parseIp(address)?.family ?? 4 }));
  };
}

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run tests through jest (test/helpers/global-setup.ts)`);
  return v;
}

/** Workers log at WARN in tests: state changes and expected workflow failures would drown the output. */
function quietTemporalLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process
  }
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  quietTemporalLogs();
  const sim =
    opts.sharedSimulator?.sim ?? createSimulator({ executionSeconds: 1, pendingSeconds: 0.2, ...opts.simulator });
  const simListening = opts.sharedSimulator ?? (await sim.listen(0));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: requiredEnv('RECOMAMP_TEST_DATABASE_URL'),
    TEMPORAL_ADDRESS: requiredEnv('RECOMAMP_TEST_TEMPORAL_ADDRESS'),
    PUBLIC_API_URL: apiUrl,
    AMC_API_BASE_URL: simListening.url,
    LWA_AUTHORIZE_URL: `${simListening.url}/ap/oa`,
    LWA_TOKEN_URL: `${simListening.url}/auth/o2/token`,
    LWA_PROFILE_URL: `${simListening.url}/user/profile`,
    LOG_LEVEL: 'warn', // no line per request in test output
    // Tests log in and call in bursts; the rate-limit tests set their own low limits.
    RATE_LIMIT_AUTH_PER_IP: '100000',
    RATE_LIMIT_PER_USER: '100000',
    ...opts.env,
  });
  const db = createDb(config.db.url!, 10);
  const connection = await Connection.connect(config.temporal.connection);
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: payloadDataConverter(config.observability.payloadKeys),
  });
  const taskQueue = opts.taskQueue ?? `test-${randomUUID()}`;
  const resolveHost = tableResolver(opts.hosts);
  const deps = buildApiDeps(
    config,
    db,
    temporal,
    // Each stack counts rate limits apart: test files share one database (and every request comes from 127.0.0.1).
    { taskQueue, pollInitialSeconds: 0.2, pollMaxSeconds: 1, rateLimitNamespace: `${taskQueue}:`, ...opts.settings },
    { resolveHost },
  );
  const responseViolations: string[] = [];
  server.on('request', withResponseCheck(createApp(deps), responseViolations));
  const nativeConnection = await NativeConnection.connect(config.temporal.connection);

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const stack: Stack = {
    apiUrl,
    simUrl: simListening.url,
    sim,
    config,
    db,
    deps,
    temporal,
    taskQueue,
    nativeConnection,
    responseViolations,
    async startWorker() {
      worker = await createWorker({
        connection: nativeConnection,
        namespace: config.temporal.namespace,
        taskQueue,
        workflowBundlePath: requiredEnv('RECOMAMP_TEST_WORKFLOW_BUNDLE'),
        payloadKeys: config.observability.payloadKeys,
        activities: (opts.wrapActivities ?? ((a) => a))(
          createActivities({
            repos: deps.systemRepos, // the worker's owner connection, as in worker/main.ts (the tenant pool fails closed)
            amc: deps.amc,
            tokens: deps.amazonTokens,
            quota: config.quota,
            circuit: config.circuit,
            webhooks: { keyring: deps.webhooks.keyring, targets: deps.webhooks.targets, ...config.webhooks },
            downloads: { concurrency: config.amazon.downloadConcurrency },
            reconcilerSettings: deps.settings,
          }),
        ),
      });
      running = worker.run();
      return worker;
    },
    async stopWorker() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      worker = undefined;
    },
    async close() {
      await stack.stopWorker();
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      if (!opts.sharedSimulator) await sim.close();
      await deps.observability.events.close();
      await nativeConnection.close();
      await connection.close();
      await db.destroy();
      await deps.repos.db.destroy(); // the API's tenant-scoped pool
      if (responseViolations.length > 0) {
        throw new Error(
          `responses that do not match the OpenAPI document (api/openapi.ts):\n${[...new Set(responseViolations)].join('\n')}`,
        );
      }
    },
  };
  if (!opts.noWorker) await stack.startWorker();
  return stack;
}
