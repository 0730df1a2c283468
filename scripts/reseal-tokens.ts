/**
 * `npm run tokens:reseal`: key rotation, all at once. Put the new key first in TOKEN_SEALING_KEYS (keep the old
 * ones after it), deploy, then run this: every stored Amazon token sealed under an older key is re-sealed under
 * the current one. Afterwards the old keys can be dropped. Tokens are also re-sealed lazily when next used.
 */
import { loadConfig } from '../config';
import { createLwaClient } from '../amc/client';
import { createDb, createRepositories } from '../db';
import { createAmazonTokenService } from '../amazon/tokens';
import { parseKeyring } from '../lib/token-sealing';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is required');
  const db = createDb({ ...config.db, url: config.db.url, applicationName: 'recomamp-reseal-tokens' }, 2);
  try {
    const keyring = parseKeyring(config.auth.sealingKeys);
    const tokens = createAmazonTokenService({
      db,
      users: createRepositories(db).users,
      lwa: createLwaClient({ ...config.amazon, timeoutMs: config.amazon.httpTimeoutMs }),
      keyring,
      refreshBufferSeconds: config.amazon.refreshBufferSeconds,
    });
    const changed = await tokens.resealAll();
    console.log(`re-sealed the Amazon tokens of ${changed} user(s) under key ${keyring.current}`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
