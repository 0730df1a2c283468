import type { Knex } from 'knex';
import { TABLES, type AmcAccountRow, type NewAmcAccountRow } from './tables';

export function createAmcAccountsDb(db: Knex) {
  const accounts = (tx?: Knex.Transaction) => (tx ?? db)<AmcAccountRow>(TABLES.amcAccounts);
  return {
    /** One row per (user, AMC entity id); later calls refresh the name, marketplace and region when they give them. */
    async upsert(row: NewAmcAccountRow, tx?: Knex.Transaction): Promise<AmcAccountRow> {
      const [saved] = await accounts(tx)
        .insert(row)
        .onConflict(['user_id', 'account_id'])
        .merge({
          account_name: db.raw('COALESCE(EXCLUDED.account_name, amc_accounts.account_name)'),
          marketplace_id: db.raw('COALESCE(EXCLUDED.marketplace_id, amc_accounts.marketplace_id)'),
          region: db.raw('EXCLUDED.region'),
          updated_at: db.fn.now(),
        } as never)
        .returning('*');
      return saved as AmcAccountRow;
    },
    async findById(userId: string, id: string, tx?: Knex.Transaction): Promise<AmcAccountRow | undefined> {
      return accounts(tx).where({ user_id: userId, id }).first();
    },
  };
}
export type AmcAccountsDb = ReturnType<typeof createAmcAccountsDb>;
