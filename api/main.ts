/** The API process: config → Postgres + Temporal client → listen; closes both on SIGINT/SIGTERM. */
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { createApp } from './app';
import { buildApiDeps } from './build-deps';
import { payloadDataConverter } from '../lib/payload-codec';
import { ensureSearchAttributes } from '../temporal/search-attributes';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is required');
  const db = createDb(config.db.url, config.db.poolMax);
  // The SDK's native (Rust) connection, as the worker uses: a start cost the API ~1 ms less CPU than through
  // grpc-js (npm run bench -- --only=start, cpuMsPerStart), and Client accepts either.
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  // Payloads are encrypted (lib/payload-codec.ts); the search attributes our workflows set must exist first.
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: payloadDataConverter(config.observability.payloadKeys),
  });
  await ensureSearchAttributes(connection.operatorService, config.temporal.namespace);
  const deps = buildApiDeps(config, db, temporal);
  const app = createApp(deps);
  const server = app.listen(config.api.port, config.api.host, () => {
    deps.logger.info({ url: `http://${config.api.host}:${config.api.port}` }, 'API listening');
  });
  const stop = () => {
    server.close(async () => {
      await deps.observability.events.close();
      await connection.close();
      await db.destroy();
      await deps.repos.db.destroy();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
