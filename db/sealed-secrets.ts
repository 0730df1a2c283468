/**
 * Every column that holds a value sealed under TOKEN_SEALING_KEYS (lib/token-sealing.ts), and the re-seal of key
 * rotation (`npm run secrets:reseal`): each value sealed under an older key is opened and sealed again under the
 * current one, in batches, each row under its lock. Idempotent (a second run finds nothing), it reports how many
 * values of each column it re-sealed.
 *
 * A new sealed column goes in SEALED_COLUMNS: its name ends in `_sealed`, and test/security/key-rotation.test.ts
 * fails on any `*_sealed` column of the schema that is not listed here.
 */
import type { Knex } from 'knex';
import { needsReseal, open, seal, type SealingKeyring } from '../lib/token-sealing';
import { TABLES } from './tables';

export interface SealedColumns {
  table: string;
  /** The table's primary key. */
  key: string;
  columns: string[];
}

export const SEALED_COLUMNS: SealedColumns[] = [
  { table: TABLES.users, key: 'id', columns: ['amazon_access_token_sealed', 'amazon_refresh_token_sealed'] },
  { table: TABLES.webhooks, key: 'id', columns: ['secret_sealed'] },
];

export interface ResealCount {
  table: string;
  column: string;
  /** Values moved to the current key. */
  resealed: number;
  /** Values no configured key opens (sealed under a key already dropped, or damaged): left as they are. */
  failed: number;
}

/** Re-seals every value of `SEALED_COLUMNS` that the current key did not seal. */
export async function resealSecrets(
  db: Knex,
  keyring: SealingKeyring,
  opts: { batchSize?: number; registry?: SealedColumns[] } = {},
): Promise<ResealCount[]> {
  const batchSize = opts.batchSize ?? 500;
  const prefix = `${keyring.current}:`;
  const counts: ResealCount[] = [];
  for (const { table, key, columns } of opts.registry ?? SEALED_COLUMNS) {
    const tally = new Map(columns.map((column) => [column, { table, column, resealed: 0, failed: 0 }]));
    const unopenable = new Set<string>();
    for (;;) {
      const seen = await db.transaction(async (tx) => {
        const rows = (await tx(table)
          .select(key, ...columns)
          .where((q) => {
            for (const c of columns)
              q.orWhere((w) => w.whereNotNull(c).whereRaw('left(??, ?) <> ?', [c, prefix.length, prefix]));
          })
          .whereNotIn(key, [...unopenable])
          .orderBy(key)
          .limit(batchSize)
          .forUpdate()) as Record<string, string | null>[];
        for (const row of rows) {
          const patch: Record<string, string> = {};
          for (const c of columns) {
            const sealed = row[c];
            if (!sealed || !needsReseal(keyring, sealed)) continue;
            try {
              patch[c] = seal(keyring, open(keyring, sealed));
              tally.get(c)!.resealed += 1;
            } catch {
              tally.get(c)!.failed += 1;
              unopenable.add(String(row[key]));
            }
          }
          if (Object.keys(patch).length > 0) await tx(table).where(key, row[key]!).update(patch);
        }
        return rows.length;
      });
      if (seen === 0) break;
    }
    counts.push(...tally.values());
  }
  return counts;
}
