import type { Knex } from 'knex';
import { TABLES, type NewUserRow, type UserPatch, type UserRow } from './tables';

export function createUsersDb(db: Knex) {
  const users = (tx?: Knex.Transaction) => (tx ?? db)<UserRow>(TABLES.users);
  return {
    async findById(id: string, tx?: Knex.Transaction): Promise<UserRow | undefined> {
      return users(tx).where({ id }).first();
    },
    /** Locks the row for the rest of `tx`: only a token refresh's short claim and store (and key rotation) do. */
    async findByIdForUpdate(id: string, tx: Knex.Transaction): Promise<UserRow | undefined> {
      return users(tx).where({ id }).forUpdate().first();
    },
    /** Inserts or updates by Amazon user id (a login). */
    async upsertByAmazonId(row: NewUserRow, tx?: Knex.Transaction): Promise<UserRow> {
      const [saved] = await users(tx)
        .insert({ ...row, amazon_connection_status: 'connected' })
        .onConflict('amazon_user_id')
        .merge({
          ...row,
          amazon_connection_status: 'connected',
          amazon_token_error: null,
          updated_at: db.fn.now(),
        } as never)
        .returning('*');
      return saved as UserRow;
    },
    /** Applies `patch` only while the row still has the values in `expected` (a lock-free compare-and-set). */
    async updateIf(id: string, expected: UserPatch, patch: UserPatch): Promise<boolean> {
      const n = await users()
        .where({ id, ...expected } as never)
        .update({ ...patch, updated_at: db.fn.now() } as never);
      return n === 1;
    },
    async update(id: string, patch: UserPatch, tx?: Knex.Transaction): Promise<void> {
      await users(tx)
        .where({ id })
        .update({ ...patch, updated_at: db.fn.now() } as never);
    },
  };
}
export type UsersDb = ReturnType<typeof createUsersDb>;
