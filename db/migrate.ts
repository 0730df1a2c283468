/**
 * `npm run db:migrate` (production: `node dist/db/migrate.js`, the compose `migrate` service): applies pending
 * migrations to DATABASE_URL, with the same TLS settings as the other processes and no statement timeout. The API
 * and the worker never migrate; they refuse to start until this has run (db/knex.ts assertSchemaCurrent).
 */
import { ConfigError, loadConfig } from '../config';
import { createDb, migrateLatest } from './knex';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) {
    throw new ConfigError('DATABASE_URL is not set (npm start migrates its local database itself)');
  }
  const db = createDb({
    ...config.db,
    url: config.db.url,
    statementTimeoutMs: 0,
    applicationName: 'recomamp-migrate',
  });
  try {
    await migrateLatest(db);
    console.log('migrations applied');
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `migrate: ${err.message}` : err);
  process.exit(1);
});
