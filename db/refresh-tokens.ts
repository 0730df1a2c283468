import type { Knex } from 'knex';
import { rawRows } from './raw-pg';
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
      // Raw pg (db/raw-pg.ts): every authenticated request asks this.
      const rows = await rawRows(db, {
        name: 'recomamp_session_is_live',
        text: `SELECT 1 FROM ${TABLES.refreshTokens}
          WHERE family_id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > now() LIMIT 1`,
        values: [familyId, userId],
      });
      return rows.length > 0;
    },
  };
}
export type RefreshTokensDb = ReturnType<typeof createRefreshTokensDb>;
