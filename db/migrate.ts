/** `npm run db:migrate`: applies pending migrations to DATABASE_URL. */
import { loadConfig } from '../config';
import { createDb, migrateLatest } from './knex';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is not set (npm start migrates its local database itself)');
  const db = createDb(config.db.url);
  try {
    await migrateLatest(db);
    console.log('migrations applied');
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
