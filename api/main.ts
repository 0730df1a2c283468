/** The API process: config → Postgres + Temporal client → listen; closes both on SIGINT/SIGTERM. */
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { createDb } from '../db';
import { createApp } from './app';
import { buildApiDeps } from './build-deps';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is required');
  const db = createDb(config.db.url, config.db.poolMax);
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const deps = buildApiDeps(config, db, temporal);
  const app = createApp(deps);
  const server = app.listen(config.api.port, config.api.host, () => {
    console.log(`API listening on http://${config.api.host}:${config.api.port}`);
  });
  const stop = () => {
    server.close(async () => {
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
