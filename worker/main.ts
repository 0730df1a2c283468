/** The worker process: config → Postgres → Temporal connection → worker.run() until SIGINT/SIGTERM. */
import { Client } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createActivities } from '../activities';
import { createAmcClient, createLwaClient } from '../amc/client';
import { createDb, createRepositories } from '../db';
import { createAmazonTokenService } from '../amazon/tokens';
import { parseKeyring } from '../lib/token-sealing';
import { instrumentedFetch } from '../amazon/instrumented-fetch';
import { createLogger, temporalLogger } from '../observability/logger';
import { payloadDataConverter } from '../lib/payload-codec';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { createWorker } from './create-worker';
import { startWorkerMetricsServer } from './metrics-server';
import { ensureTokenRefreshSchedule } from './token-refresh-schedule';
import { TASK_QUEUES } from '../workflows/task-queues';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is required');
  const log = createLogger({ level: config.logLevel, name: 'worker' });
  const { workerMetricsPort, workerSdkMetricsPort, payloadKeys } = config.observability;
  // Once, before any connection or worker: SDK logs (with workflowId/activityType) through pino, SDK metrics.
  Runtime.install({
    logger: temporalLogger(log, config.logLevel.toUpperCase() as 'INFO'),
    ...(workerMetricsPort > 0 && {
      telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${workerSdkMetricsPort}` } } },
    }),
  });
  const metricsServer =
    workerMetricsPort > 0
      ? await startWorkerMetricsServer({
          port: workerMetricsPort,
          sdkMetricsUrl: `http://127.0.0.1:${workerSdkMetricsPort}/metrics`,
        })
      : undefined;
  const db = createDb(config.db.url, config.db.poolMax);
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
    clientId: amazon.clientId,
    timeoutMs: amazon.httpTimeoutMs,
    fetchImpl: instrumentedFetch(),
  });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    // Idempotent: a fresh or old dev-server database, docker-compose's Temporal, a production namespace.
    const added = await ensureSearchAttributes(connection.operatorService, config.temporal.namespace);
    if (added.length > 0) log.info({ added }, 'registered search attributes');
    const worker = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      payloadKeys,
      workflowBundlePath: config.observability.workflowBundlePath,
      sizing: config.worker,
      activities: createActivities({
        repos,
        amc,
        tokens,
        quota: config.quota,
        circuit: config.circuit,
        webhooks: { keyring: parseKeyring(config.auth.sealingKeys), ...config.webhooks, fetchImpl: fetch },
      }),
    });
    // The background Amazon token refresh (idempotent: every worker start brings the Schedule up to date).
    await ensureTokenRefreshSchedule(
      new Client({
        connection,
        namespace: config.temporal.namespace,
        dataConverter: payloadDataConverter(payloadKeys),
      }),
      {
        taskQueue: TASK_QUEUES.amc,
        intervalSeconds: amazon.refreshIntervalSeconds,
        bufferSeconds: amazon.refreshBufferSeconds,
        parallelism: amazon.refreshParallelism,
      },
    );
    log.info(
      { address: config.temporal.address, namespace: config.temporal.namespace, metricsPort: workerMetricsPort },
      'worker polling',
    );
    await worker.run(); // the SDK shuts down gracefully on SIGINT/SIGTERM
  } finally {
    await connection.close();
    await db.destroy();
    metricsServer?.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
