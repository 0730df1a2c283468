/** The worker process: config → Postgres → Temporal connection → worker.run() until SIGINT/SIGTERM. */
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createActivities } from '../activities';
import { createAmcClient, createLwaClient } from '../amc/client';
import { createDb, createRepositories } from '../db';
import { createAmazonTokenService } from '../lib/amazon-tokens';
import { parseKeyring } from '../lib/token-sealing';
import { createWorker } from './create-worker';
import { ensureTokenRefreshSchedule } from './token-refresh-schedule';
import { TASK_QUEUES } from '../workflows/task-queues';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is required');
  const db = createDb(config.db.url, config.db.poolMax);
  const repos = createRepositories(db);
  const { amazon } = config;
  const tokens = createAmazonTokenService({
    db,
    users: repos.users,
    lwa: createLwaClient({ ...amazon, timeoutMs: amazon.httpTimeoutMs }),
    keyring: parseKeyring(config.auth.sealingKeys),
    refreshBufferSeconds: amazon.refreshBufferSeconds,
  });
  const amc = createAmcClient({ baseUrl: amazon.apiBaseUrl, clientId: amazon.clientId, timeoutMs: amazon.httpTimeoutMs });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  try {
    const worker = await createWorker({
      connection,
      namespace: config.temporal.namespace,
      activities: createActivities({ repos, amc, tokens, quota: config.quota }),
    });
    // The background Amazon token refresh (idempotent: every worker start brings the Schedule up to date).
    await ensureTokenRefreshSchedule(new Client({ connection, namespace: config.temporal.namespace }), {
      taskQueue: TASK_QUEUES.amc,
      intervalSeconds: amazon.refreshIntervalSeconds,
      bufferSeconds: amazon.refreshBufferSeconds,
      parallelism: amazon.refreshParallelism,
    });
    console.log(`worker polling ${config.temporal.address} (${config.temporal.namespace})`);
    await worker.run(); // the SDK shuts down gracefully on SIGINT/SIGTERM
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
