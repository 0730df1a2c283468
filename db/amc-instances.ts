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

/**
 * The keys of AMC's shared limits (the quota gate's instance and account) and of the instance's circuit breaker.
 * AMC limits an AMC instance whoever calls it, so users of one AMC instance share them, but only once AMC has
 * confirmed the registration (`amc_verified_at`: a call with the owner's token succeeded). Until then the row is
 * keyed by itself: an AMC id typed in at registration cannot queue work on, or open the breaker of, an AMC
 * instance its user does not have.
 */
export interface AmcSharedKeys {
  instanceKey: string;
  accountKey: string;
}

export function amcSharedKeysOf(instance: {
  id: string;
  instance_id: string;
  amc_verified_at?: Date | null;
  account_id_at_amc: string;
}): AmcSharedKeys {
  if (!instance.amc_verified_at) {
    const own = `unverified:${instance.id}`;
    return { instanceKey: own, accountKey: own };
  }
  return { instanceKey: instance.instance_id, accountKey: instance.account_id_at_amc };
}

/** amcSharedKeysOf for an instance loaded with its account. */
export const sharedKeysOfInstance = (instance: InstanceWithAccount): AmcSharedKeys =>
  amcSharedKeysOf({ ...instance, account_id_at_amc: instance.account.account_id });

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
    /** AMC accepted a call for this instance with its owner's token: from now on it shares AMC's quota and circuit. */
    async markVerified(id: string): Promise<void> {
      await instances()
        .where({ id })
        .whereNull('amc_verified_at')
        .update({ amc_verified_at: db.fn.now() } as never);
    },
    async delete(userId: string, id: string, tx?: Knex.Transaction): Promise<boolean> {
      return (await instances(tx).where({ user_id: userId, id }).delete()) === 1;
    },
  };
}
export type AmcInstancesDb = ReturnType<typeof createAmcInstancesDb>;
