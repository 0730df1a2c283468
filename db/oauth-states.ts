import type { Knex } from 'knex';
import { TABLES, type OAuthStateRow } from './tables';

export function createOAuthStatesDb(db: Knex) {
  const states = (tx?: Knex.Transaction) => (tx ?? db)<OAuthStateRow>(TABLES.oauthStates);
  return {
    async insert(state: string, expiresAt: Date, tx?: Knex.Transaction): Promise<void> {
      await states(tx).insert({ state, expires_at: expiresAt });
    },
    /** Marks the state used; true only for the first caller with an unexpired state (single use). */
    async consume(state: string, tx?: Knex.Transaction): Promise<boolean> {
      const used = await states(tx)
        .where({ state })
        .whereNull('used_at')
        .where('expires_at', '>', db.fn.now())
        .update({ used_at: db.fn.now() } as never);
      return used === 1;
    },
  };
}
export type OAuthStatesDb = ReturnType<typeof createOAuthStatesDb>;
