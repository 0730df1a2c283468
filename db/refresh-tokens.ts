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
    async revokeFamily(familyId: string, tx?: Knex.Transaction): Promise<void> {
      await tokens(tx)
        .where({ family_id: familyId })
        .whereNull('revoked_at')
        .update({ revoked_at: db.fn.now() } as never);
    },
  };
}
export type RefreshTokensDb = ReturnType<typeof createRefreshTokensDb>;
