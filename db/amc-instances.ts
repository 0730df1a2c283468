import type { Knex } from 'knex';
import { paginate, type Page, type PageRequest } from './pagination';
import {
  TABLES,
  type AmcAccountRow,
  type AmcInstancePatch,
  type AmcInstanceRow,
  type NewAmcInstanceRow,
} from './tables';

/** An instance with the account it belongs to: everything needed to address it at AMC. */
export interface InstanceWithAccount extends AmcInstanceRow {
  account: AmcAccountRow;
}

/**
 * The one place where our instance UUID becomes AMC's addressing triple. AMC wants its own instance id in the
 * path and the account's entity id + marketplace in headers; our UUID must never reach AMC.
 */
export interface AmcTarget {
  instanceId: string;
  accountId: string;
  marketplaceId: string;
  /** The instance's AMC region: its calls go to that region's host. */
  region: string;
}

export function amcTargetOf(instance: InstanceWithAccount): AmcTarget {
  return {
    instanceId: instance.instance_id,
    accountId: instance.account.account_id,
    marketplaceId: instance.account.marketplace_id ?? '',
    region: instance.region,
  };
}

/** Rows registered before registration asked AMC (issue 16) may lack what AMC's listings say: repaired at use. */
export const needsAmcDetails = (instance: InstanceWithAccount): boolean =>
  !instance.account.marketplace_id || !instance.instance_type;

export function createAmcInstancesDb(db: Knex) {
  const instances = (tx?: Knex.Transaction) => (tx ?? db)<AmcInstanceRow>(TABLES.amcInstances);

  async function withAccounts(rows: AmcInstanceRow[], tx?: Knex.Transaction): Promise<InstanceWithAccount[]> {
    if (rows.length === 0) return [];
    const accounts = await (tx ?? db)<AmcAccountRow>(TABLES.amcAccounts).whereIn(
      'id',
      rows.map((r) => r.account_id),
    );
    const byId = new Map(accounts.map((a) => [a.id, a]));
    return rows.map((r) => ({ ...r, account: byId.get(r.account_id)! }));
  }

  return {
    async insert(row: NewAmcInstanceRow, tx?: Knex.Transaction): Promise<AmcInstanceRow> {
      const [saved] = await instances(tx).insert(row).returning('*');
      return saved as AmcInstanceRow;
    },
    async findById(userId: string, id: string, tx?: Knex.Transaction): Promise<InstanceWithAccount | undefined> {
      const row = await instances(tx).where({ user_id: userId, id }).first();
      return row ? (await withAccounts([row], tx))[0] : undefined;
    },
    async findByAmcInstanceId(userId: string, instanceId: string, tx?: Knex.Transaction) {
      return instances(tx).where({ user_id: userId, instance_id: instanceId }).first();
    },
    async list(userId: string, page: PageRequest): Promise<Page<InstanceWithAccount>> {
      const result = await paginate<AmcInstanceRow>(
        instances().where({ user_id: userId }).select('*'),
        page,
        TABLES.amcInstances,
      );
      return { items: await withAccounts(result.items), nextCursor: result.nextCursor };
    },
    async update(userId: string, id: string, patch: AmcInstancePatch, tx?: Knex.Transaction): Promise<boolean> {
      const n = await instances(tx)
        .where({ user_id: userId, id })
        .update({ ...patch, updated_at: db.fn.now() } as never);
      return n === 1;
    },
    async delete(userId: string, id: string, tx?: Knex.Transaction): Promise<boolean> {
      return (await instances(tx).where({ user_id: userId, id }).delete()) === 1;
    },
  };
}
export type AmcInstancesDb = ReturnType<typeof createAmcInstancesDb>;
