import type { Knex } from 'knex';
import { TABLES, type OAuthStateRow } from './tables';

export type ConsumedState = { outcome: 'ok'; codeVerifier: string } | { outcome: 'unknown' } | { outcome: 'unbound' };

export function createOAuthStatesDb(db: Knex) {
  const states = (tx?: Knex.Transaction) => (tx ?? db)<OAuthStateRow>(TABLES.oauthStates);
  return {
    async insert(
      row: { state: string; expiresAt: Date; bindingHash: string; codeVerifier: string },
      tx?: Knex.Transaction,
    ): Promise<void> {
      await states(tx).insert({
        state: row.state,
        expires_at: row.expiresAt,
        binding_hash: row.bindingHash,
        code_verifier: row.codeVerifier,
      });
    },
    /**
     * Marks the state used and hands back its PKCE verifier: only for the first caller, with an unexpired state,
     * presenting the binding it was issued to (single use). A live state presented with another binding (or none) is
     * `unbound` and stays usable by its own client.
     */
    async consume(state: string, bindingHash: string | undefined, tx?: Knex.Transaction): Promise<ConsumedState> {
      const live = () => states(tx).where({ state }).whereNull('used_at').where('expires_at', '>', db.fn.now());
      if (bindingHash) {
        const [row] = await live()
          .where({ binding_hash: bindingHash })
          .update({ used_at: db.fn.now() } as never)
          .returning('code_verifier');
        if (row) return { outcome: 'ok', codeVerifier: (row as { code_verifier: string }).code_verifier };
      }
      return (await live().first('state')) ? { outcome: 'unbound' } : { outcome: 'unknown' };
    },
  };
}
export type OAuthStatesDb = ReturnType<typeof createOAuthStatesDb>;
