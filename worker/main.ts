/**
 * The worker process: config → Postgres (schema must be current) → Temporal connection → worker.run() until
 * SIGINT/SIGTERM, then a graceful drain (WORKER_SHUTDOWN_GRACE_SECONDS) and exit. Metrics and the probes
 * (/health, /ready) listen on WORKER_METRICS_HOST:WORKER_METRICS_PORT.
 */
import { Client } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../config';
import { createActivities } from '../activities';
import { createAmcClient, createLwaClient } from '../amc/client';
import { assertSchemaCurrent, createDb, createRepositories, DatabaseNotReadyError } from '../db';
import { createAmazonTokenService } from '../amazon/tokens';
import { parseKeyring } from '../lib/token-sealing';
import { instrumentedFetch } from '../amazon/instrumented-fetch';
import { createLogger, temporalLogger } from '../observability/logger';
import { payloadDataConverter } from '../lib/payload-codec';
import { connectTemporal, TemporalConnectError } from '../temporal/connection';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { createWorker } from './create-worker';
import { PortInUseError, startWorkerMetricsServer } from './metrics-server';
import { createWorkerProbes } from './probes';
import { ensureReconcilerSchedule } from './reconciler-schedule';
import { ensureTokenRefreshSchedule } from './token-refresh-schedule';
import { TASK_QUEUES } from '../workflows/task-queues';
import { webhookTargetRules } from '../services/webhook-target';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) throw new ConfigError('DATABASE_URL is required');
  const log = createLogger({ level: config.logLevel, name: 'worker' });
  const { workerMetricsPort, workerMetricsHost, workerSdkMetricsPort, payloadKeys } = config.observability;
  // Once, before any connection or worker: SDK logs (with workflowId/activityType) through pino, SDK metrics.
  try {
    Runtime.install({
      logger: temporalLogger(log, config.logLevel.toUpperCase() as 'INFO'),
      ...(workerMetricsPort > 0 && {
        telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${workerSdkMetricsPort}` } } },
      }),
    });
  } catch (err) {
    if (/prometheus|address/i.test(String(err)))
      throw new PortInUseError('WORKER_SDK_METRICS_PORT', workerSdkMetricsPort, err);
    throw err;
  }
  const db = createDb({ ...config.db, url: config.db.url, applicationName: 'recomamp-worker' });
  let connection: NativeConnection | undefined;
  let metricsServer: Awaited<ReturnType<typeof startWorkerMetricsServer>> | undefined;
  try {
    await assertSchemaCurrent(db);
    const repos = createRepositories(db);
    const { amazon } = config;
    const tokens = createAmazonTokenService({
      db,
      users: repos.users,
      lwa: createLwaClient({ ...amazon, timeoutMs: amazon.httpTimeoutMs, fetchImpl: instrumentedFetch() }),
      keyring: parseKeyring(config.auth.sealingKeys),
      refreshBufferSeconds: amazon.refreshBufferSeconds,
    });
    const amc = createAmcClient({
      baseUrl: amazon.apiBaseUrl,
      regionBaseUrls: amazon.regionBaseUrls,
      clientId: amazon.clientId,
      timeoutMs: amazon.httpTimeoutMs,
      fetchImpl: instrumentedFetch(),
    });
    connection = await connectTemporal(config.temporal, (options) => NativeConnection.connect(options));
    const probes = createWorkerProbes({ db, temporal: connection });
    if (workerMetricsPort > 0) {
      metricsServer = await startWorkerMetricsServer({
        port: workerMetricsPort,
        host: workerMetricsHost,
        sdkMetricsUrl: `http://127.0.0.1:${workerSdkMetricsPort}/metrics`,
        probes,
      }).catch((err: unknown) => {
        throw new PortInUseError('WORKER_METRICS_PORT', workerMetricsPort, err);
      });
    }
    // Idempotent: a fresh or old dev-server database, docker-compose's Temporal, a production namespace.
    const added = await ensureSearchAttributes(connection.operatorService, config.temporal.namespace);
    if (added.length > 0) log.info({ added }, 'registered search attributes');
    const worker = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      payloadKeys,
      workflowBundlePath: config.observability.workflowBundlePath,
      sizing: config.worker,
      shutdown: { graceSeconds: config.shutdown.workerGraceSeconds, forceSeconds: config.shutdown.workerForceSeconds },
      activities: createActivities({
        repos,
        amc,
        tokens,
        quota: config.quota,
        circuit: config.circuit,
        webhooks: {
          keyring: parseKeyring(config.auth.sealingKeys),
          targets: webhookTargetRules(config.webhooks),
          ...config.webhooks,
        },
        downloads: { concurrency: amazon.downloadConcurrency },
        reconcilerSettings: {
          collections: config.collections,
          scheduleCatchupWindow: config.schedules.catchupWindow,
          pollInitialSeconds: config.executions.pollInitialSeconds,
          pollMaxSeconds: config.executions.pollMaxSeconds,
          taskQueue: TASK_QUEUES.amc,
        },
      }),
    });
    probes.attach(worker);
    const client = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: payloadDataConverter(payloadKeys),
    });
    // The background Amazon token refresh and the reconciler (idempotent: every worker start brings the Schedules
    // up to date).
    await ensureReconcilerSchedule(client, { taskQueue: TASK_QUEUES.amc, ...config.reconciler });
    await ensureTokenRefreshSchedule(client, {
      taskQueue: TASK_QUEUES.amc,
      intervalSeconds: amazon.refreshIntervalSeconds,
      bufferSeconds: amazon.refreshBufferSeconds,
      parallelism: amazon.refreshParallelism,
    });
    log.info(
      { temporal: config.temporal.description, metrics: `${workerMetricsHost}:${workerMetricsPort}` },
      'worker polling',
    );
    let stopRequestedAt: number | undefined;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        stopRequestedAt = Date.now();
        const { workerGraceSeconds: graceSeconds, workerForceSeconds: forceSeconds } = config.shutdown;
        log.info({ signal, graceSeconds, forceSeconds, ...worker.getStatus() }, 'worker draining');
      });
    }
    await worker.run(); // the SDK stops polling on SIGINT/SIGTERM and drains (shutdownGraceTime)
    log.info({ drainMs: stopRequestedAt === undefined ? undefined : Date.now() - stopRequestedAt }, 'worker stopped');
  } finally {
    await connection?.close();
    await db.destroy();
    metricsServer?.close();
  }
}

main().catch((err) => {
  // Configuration, connection and taken-port problems are one clear line; anything else keeps its stack.
  const known =
    err instanceof ConfigError ||
    err instanceof TemporalConnectError ||
    err instanceof DatabaseNotReadyError ||
    err instanceof PortInUseError;
  console.error(known ? `worker: ${(err as Error).message}` : err);
  process.exit(1);
});
