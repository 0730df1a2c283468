/**
 * `npm run secrets:reseal` (also `npm run tokens:reseal`): key rotation of every sealed secret at once — Amazon
 * tokens, webhook signing secrets and any column listed in db/sealed-secrets.ts. Put the new key first in
 * TOKEN_SEALING_KEYS (keep the old ones after it), deploy, run this, then drop the old keys. It prints how many
 * values of each column it re-sealed; running it again re-seals nothing. Exits 1 if a value no configured key
 * opens was found (it is left as it is and named by column).
 */
import { loadConfig } from '../config';
import { createDb } from '../db';
import { resealSecrets } from '../db/sealed-secrets';
import { parseKeyring } from '../lib/token-sealing';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) throw new Error('DATABASE_URL is required');
  const db = createDb({ ...config.db, url: config.db.url, applicationName: 'recomamp-reseal-secrets' }, 2);
  try {
    const keyring = parseKeyring(config.auth.sealingKeys);
    const counts = await resealSecrets(db, keyring);
    for (const c of counts) {
      const failed = c.failed > 0 ? `, ${c.failed} sealed under no configured key (left as they are)` : '';
      console.log(`${c.table}.${c.column}: ${c.resealed} re-sealed under key ${keyring.current}${failed}`);
    }
    if (counts.some((c) => c.failed > 0)) process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
