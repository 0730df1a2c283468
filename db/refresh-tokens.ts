import type { Knex } from 'knex';
import { TABLES, type RefreshTokenRow } from './tables';

export function createRefreshTokensDb(db: Knex) {
  const tokens = (tx?: Knex.Transaction) => (tx ?? db)<RefreshTokenRow>(TABLES.refreshTokens);
  return {
    async insert(row: Omit<RefreshTokenRow, 'id' | 'created_at' | 'revoked_at'>, tx?: Knex.Transaction): Promise<void> {
      await tokens(tx).insert(row);
    },
    async findByHashForUpdate(tokenHash: string, tx: Knex.Transaction): Promise<RefreshTokenRow | undefined> {
      return tokens(tx).where({ token_hash: tokenHash }).forUpdate().first();
    },
    async revoke(id: string, tx?: Knex.Transaction): Promise<void> {
      await tokens(tx)
        .where({ id })
        .whereNull('revoked_at')
        .update({ revoked_at: db.fn.now() } as never);
    },
    /** Revokes every live token of the family (only `userId`'s, when given). */
    async revokeFamily(familyId: string, tx?: Knex.Transaction, userId?: string): Promise<void> {
      await tokens(tx)
        .where({ family_id: familyId, ...(userId && { user_id: userId }) })
        .whereNull('revoked_at')
        .update({ revoked_at: db.fn.now() } as never);
    },
    /** True while the family (a session) holds an unrevoked, unexpired token of `userId`. */
    async familyIsLive(familyId: string, userId: string): Promise<boolean> {
      const row = await tokens()
        .where({ family_id: familyId, user_id: userId })
        .whereNull('revoked_at')
        .where('expires_at', '>', db.fn.now())
        .first('id');
      return row !== undefined;
    },
  };
}
export type RefreshTokensDb = ReturnType<typeof createRefreshTokensDb>;
